using SharpTune.Core.Modeling;
using SharpTune.Core.Peft;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

[Collection(TorchCollection.Name)]
public sealed class GradientCheckpointingTests
{
    [Theory]
    [InlineData("lora")]
    [InlineData("full")]
    public void Checkpointed_layers_give_the_same_loss_and_gradients(string method)
    {
        string baseDir = Path.Combine(TestPaths.HfFixtures, "llama_untied", "model");
        var options = new FinetuningOptions { FinetuningType = method, LoraDropout = 0.2, LoraTarget = "all" };
        var ids = randint(3, 320, [2, 10], generator: new Generator(5));
        var grads = new List<Dictionary<string, Tensor>>();
        var losses = new List<float>();
        foreach (bool checkpoint in new[] { false, true })
        {
            using var model = PeftBuilder.Build(baseDir, options);
            model.base_model.model.gradient_checkpointing = checkpoint;
            model.train();
            manual_seed(11);                                                                // same dropout masks in both runs
            using var o = model.forward(new CausalLMInputs { input_ids = ids, labels = ids, loss_only = true });
            o.loss!.backward();
            losses.Add(o.loss.item<float>());
            grads.Add(model.TrainableParameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone()));
        }
        Assert.Equal(losses[0], losses[1], 5);
        Assert.NotEmpty(grads[0]);
        foreach (var (name, g) in grads[0])
            Assert.True((g - grads[1][name]).abs().max().item<float>() < 1e-5, name);
    }
}
