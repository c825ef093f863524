using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

[Collection(TorchCollection.Name)]
public sealed class RmsNormTests
{
    /// <summary>Hugging Face LlamaRMSNorm op by op, differentiated by autograd.</summary>
    static Tensor Reference(Tensor x, Tensor w, double eps)
    {
        var h = x.to_type(ScalarType.Float32);
        h = h * rsqrt(h.pow(2).mean([-1L], keepdim: true) + eps);
        return w * h.to_type(x.dtype);
    }

    [Theory]
    [InlineData(ScalarType.Float32, 1e-5, 1e-5)]
    [InlineData(ScalarType.BFloat16, 1e-2, 2e-2)]
    public void Output_and_gradients_equal_the_op_by_op_graph(ScalarType dtype, double outTol, double gradTol)
    {
        manual_seed(11);
        var x0 = (randn(3, 5, 64) * 3).to_type(dtype);
        var w0 = (randn(64) * 0.5 + 1).to_type(dtype);
        var gy = randn(3, 5, 64).to_type(dtype);
        var (x1, w1) = (x0.clone().requires_grad_(), w0.clone().requires_grad_());
        var (x2, w2) = (x0.clone().requires_grad_(), w0.clone().requires_grad_());
        var norm = new LlamaRMSNorm(64, 1e-6, dtype);
        using (no_grad()) norm.weight.copy_(w0);

        var expected = Reference(x1, w1, 1e-6);
        expected.backward([gy]);
        var actual = RmsNormFunction.apply(x2, w2, 1e-6);
        actual.backward([gy]);

        static double Rel(Tensor a, Tensor b) => ((a.to_type(ScalarType.Float32) - b.to_type(ScalarType.Float32)).norm() / b.to_type(ScalarType.Float32).norm()).item<float>();
        Assert.Equal(dtype, actual.dtype);
        Assert.InRange(Rel(actual, expected), 0, outTol);
        Assert.InRange(Rel(x2.grad!, x1.grad!), 0, gradTol);
        Assert.InRange(Rel(w2.grad!, w1.grad!), 0, gradTol);
        using (no_grad()) Assert.InRange(Rel(norm.forward(x0), expected.detach()), 0, outTol);   // inference path, same values
    }

    [Fact]
    public void A_frozen_weight_gets_no_gradient_and_the_input_is_not_modified()
    {
        var x = randn(2, 4, 8, requires_grad: true);
        var before = x.detach().clone();
        var norm = new LlamaRMSNorm(8, 1e-6, ScalarType.Float32);
        norm.weight.requires_grad_(false);
        norm.forward(x).sum().backward();
        Assert.NotNull(x.grad);
        Assert.Null(norm.weight.grad);
        Assert.Equal(0f, (x.detach() - before).abs().max().item<float>());
    }
}
