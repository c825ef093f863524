using SharpTune.Core.Modeling;
using SharpTune.Core.Peft;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

/// <summary>
/// The model takes SharpTune's CPU kernels (RMSNorm, SwiGLU, rotary, causal softmax, cross-entropy, dropout) on CPUs
/// with 256-bit (AVX2 + FMA) or 512-bit vectors and libtorch's ops elsewhere: both paths, at both widths, give the same
/// training step on any CPU.
/// </summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class KernelPathTests
{
    [Fact]
    public void With_avx2_or_avx512_the_model_takes_the_kernels_at_the_widest_accelerated_width()
    {
        bool wide = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;               // false under .ci/run's DOTNET_EnableAVX512=0 pass
        bool avx2 = System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported;
        Assert.Equal(wide || avx2, CpuKernels.InModel);
        Assert.Equal(wide ? 512 : 256, CpuKernels.VectorBits);
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
        int[] paths = [0, .. KernelPath.Widths];                                                  // libtorch's ops, then the kernels at each width
        foreach (int bits in paths)
        {
            using var path = new KernelPath(bits != 0, bits);
            using var model = PeftBuilder.Build(TrainingStepForTests.BaseDir, options, dtype: dtype);
            var (loss, grads) = TrainingStepForTests.LossAndGradients(model, ids);                  // the same dropout masks on every path
            model.eval();
            Tensor logits;
            using (no_grad()) logits = model.forward(new CausalLMInputs { input_ids = ids }).logits.clone();
            runs.Add((loss, logits, grads));
        }
        var libtorch = runs[0];
        Assert.NotEmpty(libtorch.Grads);
        for (int k = 1; k < runs.Count; k++)
        {
            var (ours, width) = (runs[k], $"{paths[k]}-bit kernels");
            Tolerance.Close(libtorch.Loss, ours.Loss, lossTol, $"{width}: loss");
            Assert.InRange(Tolerance.Relative(ours.Logits, libtorch.Logits), 0, lossTol);
            foreach (var (name, g) in libtorch.Grads)
                Assert.True(Tolerance.RelativeNorm(ours.Grads[name], g) <= gradTol, $"{width}, {name}: gradients differ by {Tolerance.RelativeNorm(ours.Grads[name], g)} relative");
        }
    }
}
