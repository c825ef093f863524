using SharpTune.Core.Modeling;
using SharpTune.Core.Peft;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

/// <summary>One training forward and backward of a model, for tests that compare two ways of computing the same step.</summary>
internal static class TrainingStepForTests
{
    /// <summary>The llama_untied fixture model, the base of these comparisons.</summary>
    public static readonly string BaseDir = Path.Combine(TestPaths.HfFixtures, "llama_untied", "model");

    /// <summary>
    /// The loss of <paramref name="ids"/> (as its own labels) in training mode and the gradient of every trainable tensor
    /// (float32 copies), with the global seed set first so that every call draws the same dropout masks.
    /// </summary>
    public static (float Loss, Dictionary<string, Tensor> Grads) LossAndGradients(PeftModel model, Tensor ids)
    {
        model.train();
        manual_seed(11);
        using var o = model.forward(new CausalLMInputs { input_ids = ids, labels = ids, loss_only = true });
        o.loss!.backward();
        return (o.loss.item<float>(), model.TrainableParameters().ToDictionary(p => p.name, p => p.parameter.grad!.to_type(ScalarType.Float32).clone()));
    }
}
