using SharpTune.Core.Modeling;
using SharpTune.Core.Peft;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

/// <summary>
/// The model takes SharpTune's CPU kernels (RMSNorm, SwiGLU, rotary, causal softmax, cross-entropy, dropout) on CPUs
/// with 512-bit vectors and libtorch's ops elsewhere: both paths give the same training step on any CPU.
/// </summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class KernelPathTests
{
    [Fact]
    public void Without_512_bit_vectors_the_model_takes_libtorchs_ops()
    {
        bool held = Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0";      // .ci/run's second pass sets it
        if (held || !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) Assert.False(CpuKernels.InModel);
        else Assert.True(CpuKernels.InModel);
    }

    // float32: the kernels sum in another order than libtorch's ops (a few ulp per op, through two layers and the loss);
    // bfloat16: one bf16 ulp (2⁻⁸ relative) where an intermediate rounds the other way, carried into the gradients.
    [Theory]
    [InlineData("lora", ScalarType.Float32, 1e-5, 1e-4)]
    [InlineData("full", ScalarType.Float32, 1e-5, 1e-4)]
    [InlineData("lora", ScalarType.BFloat16, 1e-2, 5e-2)]
    public void The_model_trains_the_same_on_the_cpu_kernels_as_on_libtorchs_ops(string method, ScalarType dtype, double lossTol, double gradTol)
    {
        var options = new FinetuningOptions { FinetuningType = method, LoraDropout = 0.1, LoraTarget = "all", LoraRank = 4 };
        var ids = randint(3, 320, [2, 20], generator: new Generator(3));
        var runs = new List<(double Loss, Tensor Logits, Dictionary<string, Tensor> Grads)>();
        foreach (bool kernels in new[] { false, true })
        {
            using var path = new KernelPath(kernels);
            using var model = PeftBuilder.Build(TrainingStepForTests.BaseDir, options, dtype: dtype);
            var (loss, grads) = TrainingStepForTests.LossAndGradients(model, ids);                  // the same dropout masks on both paths
            model.eval();
            Tensor logits;
            using (no_grad()) logits = model.forward(new CausalLMInputs { input_ids = ids }).logits.clone();
            runs.Add((loss, logits, grads));
        }
        var (libtorch, ours) = (runs[0], runs[1]);
        Tolerance.Close(libtorch.Loss, ours.Loss, lossTol, "loss");
        Assert.InRange(Tolerance.Relative(ours.Logits, libtorch.Logits), 0, lossTol);
        Assert.NotEmpty(libtorch.Grads);
        foreach (var (name, g) in libtorch.Grads)
            Assert.True(Tolerance.RelativeNorm(ours.Grads[name], g) <= gradTol, $"{name}: gradients differ by {Tolerance.RelativeNorm(ours.Grads[name], g)} relative");
    }
}
