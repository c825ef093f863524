// SwiGLU feed-forward (Shazeer 2020), as Hugging Face LlamaMLP: down(silu(gate(x)) * up(x)).
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

public sealed class LlamaMLP : nn.Module<Tensor, Tensor>
{
    public nn.Module<Tensor, Tensor> gate_proj;
    public nn.Module<Tensor, Tensor> up_proj;
    public nn.Module<Tensor, Tensor> down_proj;

    public LlamaMLP(string path, long hidden, long intermediate, bool bias, ScalarType dtype, ILayerFactory f) : base(nameof(LlamaMLP))
    {
        gate_proj = f.Linear($"{path}.gate_proj", hidden, intermediate, bias, dtype);
        up_proj = f.Linear($"{path}.up_proj", hidden, intermediate, bias, dtype);
        down_proj = f.Linear($"{path}.down_proj", intermediate, hidden, bias, dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var g = CpuKernels.Linear(gate_proj, x);                                          // (B, T, I)
        var u = CpuKernels.Linear(up_proj, x);                                            // (B, T, I)
        var h = is_grad_enabled() && (g.requires_grad || u.requires_grad) ? SwiGluFunction.apply(g, u)
            : SwiGluFunction.Fused(g, u) ? SwiGluFunction.InPlace(g, u)                  // inference: one pass, into g
            : nn.functional.silu(g).mul_(u);
        return CpuKernels.Linear(down_proj, h).MoveToOuterDisposeScope();                 // (B, T, H)
    }
}

/// <summary>
/// silu(g) · u as one autograd node that keeps g and u only and recomputes silu(g) in backward: the op-by-op graph
/// also keeps silu(g), one more (B, T, I) tensor per layer (11 MB per layer at batch 8 × 256, I = 1376, float32).
/// On a CPU with AVX2 or AVX-512 each direction is one <see cref="CpuKernels"/> pass (libtorch: silu, mul; backward
/// silu, two muls, silu_backward).
/// </summary>
public sealed class SwiGluFunction : HandOverFunction<SwiGluFunction>
{
    public override string Name => nameof(SwiGluFunction);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var g = (Tensor)vars[0];
        var u = (Tensor)vars[1];
        ctx.save_data("saved", new Saved(g.detach().DetachFromDisposeScope(), u.detach().DetachFromDisposeScope(), g.requires_grad, u.requires_grad));
        using var _ = no_grad();
        if (!Fused(g, u)) return nn.functional.silu(g).mul_(u);
        var y = empty_like(g);
        CpuKernels.SwiGluForward(g, u, y);
        return y;
    }

    /// <summary>silu(g) · u written over g, outside autograd (inference), where <see cref="Fused"/>.</summary>
    public static Tensor InPlace(Tensor g, Tensor u)
    {
        CpuKernels.SwiGluForward(g, u, g);
        return g;
    }

    /// <summary>Whether <see cref="CpuKernels"/> does both passes: contiguous CPU float32 / bfloat16 of one shape and dtype.</summary>
    public static bool Fused(Tensor g, Tensor u) =>
        CpuKernels.Supports(g) && g.dtype == u.dtype && g.shape.SequenceEqual(u.shape) && g.is_contiguous() && u.is_contiguous();

    protected override List<Tensor> gradients(autograd.AutogradContext ctx, Tensor gy)
    {
        var (g, u, needG, needU) = (Saved)ctx.get_data("saved");
        Tensor? dg = null, du = null;
        if (Fused(g, u))
        {
            dg = needG ? empty_like(g) : null;
            du = needU ? empty_like(u) : null;
            using var scope = NewDisposeScope();
            CpuKernels.SwiGluBackward(g, u, gy.to_type(g.dtype).contiguous(), dg, du);
        }
        else (dg, du) = AutogradGradients(g, u, gy, needG, needU);
        g.Dispose(); u.Dispose();
        return [dg!, du!];
    }

    /// <summary>silu(g) · u recomputed, then autograd's kernels.</summary>
    static (Tensor? dg, Tensor? du) AutogradGradients(Tensor g, Tensor u, Tensor gy, bool needG, bool needU)
    {
        using var scope = NewDisposeScope();
        using var _ = enable_grad();
        g.requires_grad_(needG);
        u.requires_grad_(needU);
        var y = nn.functional.silu(g) * u;
        var inputs = new List<Tensor>();
        if (needG) inputs.Add(g);
        if (needU) inputs.Add(u);
        var grads = autograd.grad([y], inputs, [gy]);
        return (needG ? grads[0].MoveToOuterDisposeScope() : null, needU ? grads[needG ? 1 : 0].MoveToOuterDisposeScope() : null);
    }

    sealed record Saved(Tensor G, Tensor U, bool NeedG, bool NeedU);
}
