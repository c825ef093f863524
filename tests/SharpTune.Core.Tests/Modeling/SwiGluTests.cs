using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class SwiGluTests
{
    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Output_and_gradients_equal_silu_times_up(bool gateNeedsGrad, bool upNeedsGrad)
    {
        manual_seed(8);
        var g0 = randn(3, 5, 12) * 2;
        var u0 = randn(3, 5, 12);
        var gy = randn(3, 5, 12);
        var (g1, u1) = (g0.clone().requires_grad_(gateNeedsGrad), u0.clone().requires_grad_(upNeedsGrad));
        var (g2, u2) = (g0.clone().requires_grad_(gateNeedsGrad), u0.clone().requires_grad_(upNeedsGrad));
        var expected = nn.functional.silu(g1) * u1;
        expected.backward([gy]);
        var actual = SwiGluFunction.apply(g2, u2);
        actual.backward([gy]);
        // our exp against libtorch's (Sleef's, chosen by instruction set): a few float32 ulp of the largest value
        Assert.InRange(Tolerance.Relative(actual, expected), 0, 1e-6);
        if (gateNeedsGrad) Assert.InRange(Tolerance.Relative(g2.grad!, g1.grad!), 0, 1e-5); else Assert.Null(g2.grad);
        if (upNeedsGrad) Assert.InRange(Tolerance.Relative(u2.grad!, u1.grad!), 0, 1e-5); else Assert.Null(u2.grad);
    }
}
