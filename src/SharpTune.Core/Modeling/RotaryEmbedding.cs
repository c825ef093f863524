// Rotary position embedding (Su et al. 2021, RoFormer) in Hugging Face's rotate-half layout, with the
// "linear" (Chen et al. 2023, position interpolation) and "llama3" rope_scaling variants of transformers.
using SharpTune.Core.Checkpoints;
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

/// <summary>Computes cos/sin for given positions. Not a module: it holds no trainable or saved state.</summary>
public sealed class RotaryEmbedding
{
    readonly float[] inv_freq;
    readonly double position_scale;

    public RotaryEmbedding(int head_dim, double theta, RopeScaling? scaling)
    {
        inv_freq = new float[head_dim / 2];
        for (int i = 0; i < inv_freq.Length; i++)
            inv_freq[i] = (float)(1.0 / Math.Pow(theta, (2.0 * i) / head_dim));
        position_scale = 1.0;
        if (scaling is { Type: "linear" }) position_scale = 1.0 / scaling.Factor;
        else if (scaling is { Type: "llama3" }) ApplyLlama3(inv_freq, scaling);
    }

    static void ApplyLlama3(float[] f, RopeScaling s)
    {
        double lowWavelen = s.OriginalMaxPositionEmbeddings / s.LowFreqFactor;
        double highWavelen = s.OriginalMaxPositionEmbeddings / s.HighFreqFactor;
        for (int i = 0; i < f.Length; i++)
        {
            double wavelen = 2 * Math.PI / f[i];
            if (wavelen > lowWavelen) f[i] = (float)(f[i] / s.Factor);
            else if (wavelen >= highWavelen)
            {
                double smooth = (s.OriginalMaxPositionEmbeddings / wavelen - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
                f[i] = (float)((1 - smooth) * f[i] / s.Factor + smooth * f[i]);
            }
        }
    }

    /// <summary>cos and sin of shape (B, T, head_dim) in <paramref name="dtype"/>, for position_ids (B, T).</summary>
    public (Tensor cos, Tensor sin) forward(Tensor position_ids, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var inv = tensor(inv_freq, device: position_ids.device);                         // (hd/2)
        var pos = position_ids.to_type(ScalarType.Float32);                              // (B, T)
        if (position_scale != 1.0) pos = pos * position_scale;
        var freqs = pos.unsqueeze(-1) * inv.view(1, 1, -1);                             // (B, T, hd/2)
        var emb = cat([freqs, freqs], -1);                                               // (B, T, hd)
        var cos = emb.cos().to_type(dtype);
        var sin = emb.sin().to_type(dtype);
        return (cos.MoveToOuterDisposeScope(), sin.MoveToOuterDisposeScope());
    }

    /// <summary>x * cos + rotate_half(x) * sin, for x (B, heads, T, hd) and cos/sin (B, T, hd).</summary>
    public static Tensor apply(Tensor x, Tensor cos, Tensor sin)
    {
        if (RotaryFunction.Applies(x, cos, sin))
            return is_grad_enabled() && x.requires_grad ? RotaryFunction.apply(x, cos, sin) : RotaryFunction.Compute(x, cos, sin);
        using var scope = NewDisposeScope();
        long half = x.shape[^1] / 2;
        var x1 = x.narrow(-1, 0, half);
        var x2 = x.narrow(-1, half, half);
        var rotated = cat([-x2, x1], -1);
        var c = cos.unsqueeze(1);                                                        // (B, 1, T, hd)
        var s = sin.unsqueeze(1);
        return (x * c + rotated * s).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Rotary embedding as one autograd node over <see cref="CpuKernels"/>: one pass each way instead of narrow, neg, cat and
/// three multiply / add ops (and their backward), keeping nothing but cos and sin. It reads the projection's
/// (B, T, heads, hd) layout through the transposed view and writes (B, heads, T, hd) contiguous for attention; the input
/// gradient goes back in the input's layout, so the projection's backward gets it without a copy.
/// </summary>
public sealed class RotaryFunction : HandOverFunction<RotaryFunction>
{
    public override string Name => nameof(RotaryFunction);

    /// <summary>Whether the kernel takes these: x (B, heads, T, hd) laid out as such or as (B, T, heads, hd), cos / sin contiguous
    /// (1 or B, T, hd), one dtype.</summary>
    public static bool Applies(Tensor x, Tensor cos, Tensor sin) =>
        CpuKernels.Supports(x) && CpuKernels.RotaryLayout(x, out _) && cos.dim() == 3 && cos.dtype == x.dtype && sin.dtype == x.dtype
        && cos.is_contiguous() && sin.is_contiguous() && cos.shape.SequenceEqual(sin.shape)
        && (cos.shape[0] == 1 || cos.shape[0] == x.shape[0]) && cos.shape[1] == x.shape[2] && cos.shape[2] == x.shape[3] && x.shape[3] % 2 == 0;

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, cos, sin) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2]);
        CpuKernels.RotaryLayout(x, out bool tokenMajor);
        ctx.save_data("saved", new Saved(cos.detach().DetachFromDisposeScope(), sin.detach().DetachFromDisposeScope(), tokenMajor));
        return Compute(x, cos, sin);
    }

    /// <summary>The kernel's forward into a new contiguous (B, heads, T, hd) tensor, without autograd.</summary>
    public static Tensor Compute(Tensor x, Tensor cos, Tensor sin)
    {
        var y = empty(x.shape, dtype: x.dtype, device: x.device);
        CpuKernels.RotaryForward(x, cos, sin, y);
        return y;
    }

    protected override List<Tensor> gradients(autograd.AutogradContext ctx, Tensor gy)
    {
        var (cos, sin, tokenMajor) = (Saved)ctx.get_data("saved");
        long B = gy.shape[0], Hn = gy.shape[1], T = gy.shape[2], hd = gy.shape[3];
        Tensor dx;
        if (tokenMajor) { using var storage = empty(B, T, Hn, hd, dtype: cos.dtype, device: gy.device); dx = storage.transpose(1, 2); }
        else dx = empty(gy.shape, dtype: cos.dtype, device: gy.device);
        using (var scope = NewDisposeScope())
        {
            var g = gy.dtype == cos.dtype && CpuKernels.RotaryLayout(gy, out _) ? gy : gy.to_type(cos.dtype).contiguous();
            CpuKernels.RotaryBackward(g, cos, sin, dx);
        }
        cos.Dispose(); sin.Dispose();
        return [dx, null!, null!];
    }

    sealed record Saved(Tensor Cos, Tensor Sin, bool TokenMajor);
}
