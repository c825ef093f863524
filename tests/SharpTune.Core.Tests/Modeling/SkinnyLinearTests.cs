using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class SkinnyLinearTests
{
    public static TheoryData<long[], long, long, bool> Cases => new()
    {
        { [1, 1, 256], 8192, 256, false },                    // tiny's lm_head at batch 1
        { [1, 300], 1027, 300, true },                        // batch 1: four W rows at a time and a tail of three
        { [8, 1, 256], 8192, 256, true },                     // batch 8, with a bias
        { [3, 512], 1377, 512, true },                        // three rows (a group of four repeats its last), odd N
        { [16, 1, 200], 2051, 200, false },                   // K not a multiple of either vector width, 16 rows
        { [5, 1, 1000], 999, 1000, true },                    // odd everything
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Skinny_linear_equals_libtorch_linear_at_both_widths(long[] xShape, long N, long K, bool withBias)
    {
        manual_seed(5);
        var x = randn(xShape);
        var w = randn(N, K) * 0.05;
        var b = withBias ? randn(N) : null;
        var expected = nn.functional.linear(x, w, b);
        foreach (int bits in KernelPath.Widths)
        {
            using var path = new KernelPath(true, bits);
            using var y = CpuKernels.SkinnyLinear(x, w, b);
            Assert.NotNull(y);
            Assert.Equal(expected.shape, y!.shape);
            var err = ((y - expected).abs() / (expected.abs() + 1)).max().item<float>();
            Assert.True(err < 1e-5, $"{bits}-bit: largest relative error {err}");
        }
    }

    [Fact]
    public void Skinny_linear_leaves_training_prefill_small_and_other_dtypes_to_libtorch()
    {
        using var path = new KernelPath(true);
        var w = randn(4096, 128);
        Assert.NotNull(CpuKernels.SkinnyLinear(randn(2, 128), w));
        Assert.Null(CpuKernels.SkinnyLinear(randn(2, 128).requires_grad_(), w));                 // autograd needs libtorch's graph
        Assert.Null(CpuKernels.SkinnyLinear(randn(2, 128), w.clone().requires_grad_()));
        Assert.Null(CpuKernels.SkinnyLinear(randn(CpuKernels.SkinnyMaxRows + 1, 128), w));       // prefill: compute-bound
        Assert.Null(CpuKernels.SkinnyLinear(randn(2, 128), randn(64, 128)));                     // from cache: not worth a region
        Assert.Null(CpuKernels.SkinnyLinear(randn(2, 128).to_type(ScalarType.BFloat16), w.to_type(ScalarType.BFloat16)));
        Assert.Null(CpuKernels.SkinnyLinear(randn(2, 256).narrow(1, 0, 128), w));                // not contiguous
        using (no_grad())
            Assert.NotNull(CpuKernels.SkinnyLinear(randn(2, 128).requires_grad_(), w));         // no graph is built under no_grad
        using (new KernelPath(false))
            Assert.Null(CpuKernels.SkinnyLinear(randn(2, 128), w));                              // the model on libtorch's ops
    }
}
