// RMSNorm (Zhang & Sennrich 2019) as Hugging Face LlamaRMSNorm: normalise in float32, scale in the input dtype.
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

    public override Tensor forward(Tensor hidden_states)
    {
        if (RmsNormFunction.Applies(hidden_states, weight))
            return is_grad_enabled() && (hidden_states.requires_grad || weight.requires_grad)
                ? RmsNormFunction.apply(hidden_states, weight, variance_epsilon)
                : RmsNormFunction.Compute(hidden_states, weight, variance_epsilon, out _);
        using var scope = NewDisposeScope();
        var input_dtype = hidden_states.dtype;
        var h = hidden_states.to_type(ScalarType.Float32);                          // (B, T, H)
        var variance = h.pow(2).mean([-1L], keepdim: true);                         // (B, T, 1)
        h = h * rsqrt(variance + variance_epsilon);
        return (weight * h.to_type(input_dtype)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// RMSNorm as one autograd node over <see cref="CpuKernels"/>: one pass forward, one backward, keeping only the input
/// and one float32 per row. The op-by-op graph keeps a float32 copy of the input (and the normalised bf16 tensor when
/// the weight trains) and runs about ten elementwise ops each way.
/// </summary>
public sealed class RmsNormFunction : HandOverFunction<RmsNormFunction>
{
    public override string Name => nameof(RmsNormFunction);

    /// <summary>Whether the kernel takes these: CPU float32 / bfloat16, contiguous, weight of the input's dtype.</summary>
    public static bool Applies(Tensor x, Tensor weight) =>
        CpuKernels.Supports(x) && x.dtype == weight.dtype && x.is_contiguous() && weight.is_contiguous() && x.dim() >= 1 && x.shape[^1] == weight.shape[0];

    /// <summary>The normalised output, and r = 1/√(mean(x²) + eps) per row.</summary>
    public static Tensor Compute(Tensor x, Tensor weight, double eps, out float[] rstd)
    {
        long H = x.shape[^1], N = x.NumberOfElements / Math.Max(1, H);
        var y = empty_like(x);
        rstd = new float[N];
        if (N > 0) CpuKernels.RmsNormForward(x.view(N, H), weight, eps, y.view(N, H), rstd);
        return y;
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var w = (Tensor)vars[1];
        using var _ = no_grad();
        var y = Compute(x, w, (double)vars[2], out var rstd);
        ctx.save_data("saved", new Saved(x.detach().DetachFromDisposeScope(), w.detach().DetachFromDisposeScope(), rstd, x.requires_grad, w.requires_grad));
        return y;
    }

    protected override List<Tensor> gradients(autograd.AutogradContext ctx, Tensor gy)
    {
        var (x, w, rstd, needX, needW) = (Saved)ctx.get_data("saved");
        long H = x.shape[^1], N = x.NumberOfElements / Math.Max(1, H);
        Tensor? dx = needX ? empty_like(x) : null;
        var dw = needW ? new float[H] : null;
        using (var scope = NewDisposeScope())
        {
            var g = gy.to_type(x.dtype).contiguous();
            if (N > 0) CpuKernels.RmsNormBackward(x.view(N, H), w, rstd, g.view(N, H), dx?.view(N, H), dw);
        }
        Tensor? dwt = dw is null ? null : tensor(dw).to_type(w.dtype);
        x.Dispose(); w.Dispose();
        return [dx!, dwt!, null!];
    }

    sealed record Saved(Tensor X, Tensor W, float[] Rstd, bool NeedX, bool NeedW);
}
