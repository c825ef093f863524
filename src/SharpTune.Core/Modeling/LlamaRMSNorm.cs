// RMSNorm (Zhang & Sennrich 2019) as Hugging Face LlamaRMSNorm: normalise in float32, scale in the input dtype.
// Training runs it as one autograd node (RmsNormFunction) with a hand-written backward: it keeps only the input and
// the (…, 1) float32 reciprocal RMS, where the op-by-op graph keeps float32 copies of the input and of the
// normalised input, and it makes fewer passes over the (B, T, H) activations.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

public sealed class LlamaRMSNorm : nn.Module<Tensor, Tensor>
{
    public Parameter weight;
    readonly double variance_epsilon;

    public LlamaRMSNorm(long hidden_size, double eps, ScalarType dtype) : base(nameof(LlamaRMSNorm))
    {
        weight = new Parameter(ones(hidden_size, dtype: dtype));
        variance_epsilon = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden_states) =>
        is_grad_enabled() && (hidden_states.requires_grad || weight.requires_grad)
            ? RmsNormFunction.apply(hidden_states, weight, variance_epsilon)
            : RmsNormFunction.Compute(hidden_states, weight, variance_epsilon).y;
}

/// <summary>y = w · cast(x · rsqrt(mean(x²) + ε)) with its gradients for x and w.</summary>
public sealed class RmsNormFunction : autograd.SingleTensorFunction<RmsNormFunction>
{
    public override string Name => nameof(RmsNormFunction);

    /// <summary>The output and the float32 reciprocal RMS (…, 1), without recording a graph.</summary>
    public static (Tensor y, Tensor rstd) Compute(Tensor x, Tensor weight, double eps)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var xf = x.to_type(ScalarType.Float32);                                          // (…, H)
        var rstd = xf.square().mean([-1L], keepdim: true).add_(eps).rsqrt_();            // (…, 1)
        var n = x.dtype == ScalarType.Float32 ? xf * rstd : xf.mul_(rstd);              // xf is x itself when float32
        var y = weight * n.to_type(x.dtype);
        return (y.MoveToOuterDisposeScope(), rstd.MoveToOuterDisposeScope());
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var w = (Tensor)vars[1];
        var (y, rstd) = Compute(x, w, (double)vars[2]);
        // Own handles released at the end of backward: tensors in save_for_backward live until the .NET context is collected.
        ctx.save_data("saved", new Saved(x.detach().DetachFromDisposeScope(), w.detach().DetachFromDisposeScope(),
            rstd.DetachFromDisposeScope(), x.requires_grad, w.requires_grad));
        return y;
    }

    // With n = x·r, r = (mean(x²) + ε)^−½ and g = ∂L/∂n: ∂L/∂x = r · (g − n · mean(g · n)); ∂L/∂w = Σ gy · cast(n).
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gy)
    {
        using var scope = NewDisposeScope();
        var (x, w, rstd, needX, needW) = (Saved)ctx.get_data("saved");
        var n = x.to_type(ScalarType.Float32) * rstd;                                      // (…, H) float32
        Tensor? gx = null, gw = null;
        if (needX)
        {
            var g = (gy * w).to_type(x.dtype).to_type(ScalarType.Float32);                // as autograd: the grad reaches the cast in x's dtype
            var dot = (g * n).mean([-1L], keepdim: true);                                 // (…, 1)
            gx = g.sub_(n * dot).mul_(rstd).to_type(x.dtype).MoveToOuterDisposeScope();
        }
        if (needW)
        {
            var dims = Enumerable.Range(0, (int)gy.dim() - 1).Select(i => (long)i).ToArray();
            gw = (gy.to_type(ScalarType.Float32) * n.to_type(x.dtype).to_type(ScalarType.Float32)).sum(dims).to_type(w.dtype).MoveToOuterDisposeScope();
        }
        x.Dispose(); w.Dispose(); rstd.Dispose(); gy.Dispose();                         // gy: our wrapper only, else held until the step's scope ends
        return [gx!, gw!, null!];
    }

    sealed record Saved(Tensor X, Tensor W, Tensor Rstd, bool NeedX, bool NeedW);
}
