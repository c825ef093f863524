using SharpTune.Core.Modeling;
using SharpTune.Core.Peft;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class GradientCheckpointingTests
{
    [Theory]
    [InlineData("lora")]
    [InlineData("full")]
    public void Checkpointed_layers_give_the_same_loss_and_gradients(string method)
    {
        var options = new FinetuningOptions { FinetuningType = method, LoraDropout = 0.2, LoraTarget = "all" };
        var ids = randint(3, 320, [2, 10], generator: new Generator(5));
        var grads = new List<Dictionary<string, Tensor>>();
        var losses = new List<float>();
        foreach (bool checkpoint in new[] { false, true })
        {
            using var model = PeftBuilder.Build(TrainingStepForTests.BaseDir, options);
            model.base_model.model.gradient_checkpointing = checkpoint;
            var (loss, g) = TrainingStepForTests.LossAndGradients(model, ids);                  // same dropout masks in both runs
            losses.Add(loss);
            grads.Add(g);
        }
        // The recomputed forward may run other kernels than the first (oneDNN and libtorch choose by instruction set and by
        // whether autograd records), so the two agree to float32 rounding relative to the loss and to each gradient's scale.
        Tolerance.Close(losses[0], losses[1], 1e-6, "loss");
        Assert.NotEmpty(grads[0]);
        foreach (var (name, g) in grads[0])
            Assert.True(Tolerance.Relative(grads[1][name], g) <= 1e-5, $"{name}: {Tolerance.Relative(grads[1][name], g)} relative");
    }
}
