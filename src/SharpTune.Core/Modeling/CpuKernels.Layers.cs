// Per-layer kernels: RMSNorm, SwiGLU and the rotary position embedding, forward and backward.
using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

public static unsafe partial class CpuKernels
{
    // ---------------------------------------------------------------- RMSNorm

    /// <summary>
    /// RMSNorm forward over the rows of contiguous x (N, H) as Hugging Face LlamaRMSNorm: r = 1/√(mean(x²) + eps) in
    /// float32, y = w · round(x · r) with the product rounded to the dtype (two roundings in bfloat16, as the op-by-op
    /// graph). Writes y (N, H) and r (N).
    /// </summary>
    public static void RmsNormForward(Tensor x, Tensor w, double eps, Tensor y, float[] rstd)
    {
        Check(x, 2); Check(y, 2); Check(w, 1);
        long N = x.shape[0], H = x.shape[1];
        if (w.dtype != x.dtype || y.dtype != x.dtype || w.shape[0] != H || y.shape[0] != N || y.shape[1] != H || rstd.Length != N)
            throw new ArgumentException("RMSNorm kernel: x, weight and y must share dtype and shape (N, H), (H), (N, H)");
        bool bf = x.dtype == ScalarType.BFloat16;
        fixed (byte* px = x.bytes, pw = w.bytes, py = y.bytes)
        {
            nint X = (nint)px, W = (nint)pw, Y = (nint)py;
            Split(N, N * H, (_, r0, r1) =>
            {
                if (Wide) RmsForwardRows<Float512>(bf, X, W, Y, H, (float)eps, rstd, r0, r1);
                else RmsForwardRows<Float256>(bf, X, W, Y, H, (float)eps, rstd, r0, r1);
            });
        }
    }

    static void RmsForwardRows<Vec>(bool bf, nint X, nint W, nint Y, long H, float eps, float[] rstd, long r0, long r1) where Vec : struct, IFloatVector<Vec>
    {
        if (bf) RmsForwardRows<Bf16, Vec>(X, W, Y, H, eps, rstd, r0, r1);
        else RmsForwardRows<F32, Vec>(X, W, Y, H, eps, rstd, r0, r1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void RmsForwardRows<E, Vec>(nint X, nint W, nint Y, long H, float eps, float[] rstd, long r0, long r1) where E : struct, IElem where Vec : struct, IFloatVector<Vec>
    {
        for (long row = r0; row < r1; row++)
        {
            nint xr = X + (nint)(row * H * E.Size), yr = Y + (nint)(row * H * E.Size);
            var acc = Vec.Zero;
            long i = 0;
            for (; i + Vec.Count <= H; i += Vec.Count) { var v = E.L<Vec>(xr, i); acc = Vec.Fma(v, v, acc); }
            float ss = Vec.Sum(acc);
            for (; i < H; i++) { float v = E.L1(xr, i); ss += v * v; }
            float rs = 1f / MathF.Sqrt(ss / H + eps);
            rstd[row] = rs;
            var vr = Vec.Create(rs);
            for (i = 0; i + Vec.Count <= H; i += Vec.Count) E.S(yr, i, E.L<Vec>(W, i) * E.R(E.L<Vec>(xr, i) * vr));
            for (; i < H; i++) E.S1(yr, i, E.L1(W, i) * E.R1(E.L1(xr, i) * rs));
        }
    }

    /// <summary>
    /// RMSNorm backward from <see cref="RmsNormForward"/>'s r: dĥ = round(dy · w), dx = r·dĥ − x·r³·mean(dĥ·x)
    /// (rounded once to the dtype), and when dw is given dw += Σ_rows round(dy · round(x · r)) in float32.
    /// </summary>
    public static void RmsNormBackward(Tensor x, Tensor w, float[] rstd, Tensor dy, Tensor? dx, float[]? dw)
    {
        Check(x, 2); Check(dy, 2); Check(w, 1);
        if (dx is not null) Check(dx, 2);
        long N = x.shape[0], H = x.shape[1];
        if (dy.dtype != x.dtype || w.dtype != x.dtype || (dx is not null && dx.dtype != x.dtype) || rstd.Length != N || (dw is not null && dw.Length != H)
            || !dy.shape.SequenceEqual(x.shape) || (dx is not null && !dx.shape.SequenceEqual(x.shape)) || w.shape[0] != H)
            throw new ArgumentException("RMSNorm kernel: x, dy, dx (N, H) and weight (H) must share dtype; rstd (N) and dw (H) sized to x");
        int parts = Parts(N, N * H);
        var partial = dw is null ? null : new float[parts][];
        bool bf = x.dtype == ScalarType.BFloat16;
        fixed (byte* px = x.bytes, pw = w.bytes, pdy = dy.bytes, pdx = dx is null ? Span<byte>.Empty : dx.bytes)
        {
            nint X = (nint)px, W = (nint)pw, DY = (nint)pdy, DX = (nint)pdx;
            Split(N, N * H, (part, r0, r1) =>
            {
                float[]? acc = partial is null ? null : partial[part] = new float[H];
                if (Wide) RmsBackwardRows<Float512>(bf, X, W, DY, DX, H, rstd, acc, r0, r1);
                else RmsBackwardRows<Float256>(bf, X, W, DY, DX, H, rstd, acc, r0, r1);
            });
        }
        if (dw is not null)
            foreach (var p in partial!)
                for (int j = 0; j < H; j++) dw[j] += p[j];
    }

    static void RmsBackwardRows<Vec>(bool bf, nint X, nint W, nint DY, nint DX, long H, float[] rstd, float[]? dwAcc, long r0, long r1) where Vec : struct, IFloatVector<Vec>
    {
        if (bf) RmsBackwardRows<Bf16, Vec>(X, W, DY, DX, H, rstd, dwAcc, r0, r1);
        else RmsBackwardRows<F32, Vec>(X, W, DY, DX, H, rstd, dwAcc, r0, r1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void RmsBackwardRows<E, Vec>(nint X, nint W, nint DY, nint DX, long H, float[] rstd, float[]? dwAcc, long r0, long r1) where E : struct, IElem where Vec : struct, IFloatVector<Vec>
    {
        fixed (float* acc = dwAcc)
            for (long row = r0; row < r1; row++)
            {
                nint xr = X + (nint)(row * H * E.Size), gr = DY + (nint)(row * H * E.Size);
                float rs = rstd[row];
                var vr = Vec.Create(rs);
                long i;
                if (acc != null)
                {
                    for (i = 0; i + Vec.Count <= H; i += Vec.Count) Vec.Store(Vec.Load(acc + i) + E.R(E.L<Vec>(gr, i) * E.R(E.L<Vec>(xr, i) * vr)), acc + i);
                    for (; i < H; i++) acc[i] += E.R1(E.L1(gr, i) * E.R1(E.L1(xr, i) * rs));
                }
                if (DX == 0) continue;
                nint dr = DX + (nint)(row * H * E.Size);
                var dot = Vec.Zero;
                for (i = 0; i + Vec.Count <= H; i += Vec.Count) dot = Vec.Fma(E.R(E.L<Vec>(gr, i) * E.L<Vec>(W, i)), E.L<Vec>(xr, i), dot);
                float d = Vec.Sum(dot);
                for (; i < H; i++) d += E.R1(E.L1(gr, i) * E.L1(W, i)) * E.L1(xr, i);
                float c = rs * rs * rs * d / H;
                var vc = Vec.Create(c);
                for (i = 0; i + Vec.Count <= H; i += Vec.Count) E.S(dr, i, vr * E.R(E.L<Vec>(gr, i) * E.L<Vec>(W, i)) - E.L<Vec>(xr, i) * vc);
                for (; i < H; i++) E.S1(dr, i, rs * E.R1(E.L1(gr, i) * E.L1(W, i)) - E.L1(xr, i) * c);
            }
    }

    // ---------------------------------------------------------------- SwiGLU

    /// <summary>
    /// y = silu(g) · u over contiguous tensors of one shape and dtype, rounded as the op-by-op graph rounds: silu(g) =
    /// g / (1 + e^−g) in float32 to the dtype, then the product.
    /// </summary>
    public static void SwiGluForward(Tensor g, Tensor u, Tensor y)
    {
        CheckAlike(g, u, y);
        long N = g.NumberOfElements;
        bool bf = g.dtype == ScalarType.BFloat16;
        fixed (byte* pg = g.bytes, pu = u.bytes, py = y.bytes)
        {
            nint G = (nint)pg, U = (nint)pu, Y = (nint)py;
            Split(N, N, (_, i0, i1) =>
            {
                if (Wide) SwiGluForwardRange<Float512>(bf, G, U, Y, i0, i1);
                else SwiGluForwardRange<Float256>(bf, G, U, Y, i0, i1);
            });
        }
    }

    static void SwiGluForwardRange<Vec>(bool bf, nint G, nint U, nint Y, long i0, long i1) where Vec : struct, IFloatVector<Vec>
    {
        if (bf) SwiGluForwardRange<Bf16, Vec>(G, U, Y, i0, i1);
        else SwiGluForwardRange<F32, Vec>(G, U, Y, i0, i1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void SwiGluForwardRange<E, Vec>(nint G, nint U, nint Y, long i0, long i1) where E : struct, IElem where Vec : struct, IFloatVector<Vec>
    {
        long i = i0;
        for (; i + Vec.Count <= i1; i += Vec.Count) { var g = E.L<Vec>(G, i); E.S(Y, i, E.R(g / (Vec.One + Exp(-g))) * E.L<Vec>(U, i)); }
        for (; i < i1; i++) { float g = E.L1(G, i); E.S1(Y, i, E.R1(g / (1 + MathF.Exp(-g))) * E.L1(U, i)); }
    }

    /// <summary>
    /// Backward of <see cref="SwiGluForward"/> as autograd differentiates silu(g) · u op by op: with σ = 1/(1 + e^−g),
    /// du = dy · round(silu(g)) and dg = round(dy · u) · σ · (1 + g(1 − σ)), each rounded once to the dtype. Either
    /// output may be null.
    /// </summary>
    public static void SwiGluBackward(Tensor g, Tensor u, Tensor dy, Tensor? dg, Tensor? du)
    {
        CheckAlike(g, u, dy);
        if (dg is not null) CheckAlike(g, dg);
        if (du is not null) CheckAlike(g, du);
        long N = g.NumberOfElements;
        bool bf = g.dtype == ScalarType.BFloat16;
        fixed (byte* pg = g.bytes, pu = u.bytes, pdy = dy.bytes, pdg = dg is null ? Span<byte>.Empty : dg.bytes, pdu = du is null ? Span<byte>.Empty : du.bytes)
        {
            nint G = (nint)pg, U = (nint)pu, DY = (nint)pdy, DG = (nint)pdg, DU = (nint)pdu;
            Split(N, N, (_, i0, i1) =>
            {
                if (Wide) SwiGluBackwardRange<Float512>(bf, G, U, DY, DG, DU, i0, i1);
                else SwiGluBackwardRange<Float256>(bf, G, U, DY, DG, DU, i0, i1);
            });
        }
    }

    static void SwiGluBackwardRange<Vec>(bool bf, nint G, nint U, nint DY, nint DG, nint DU, long i0, long i1) where Vec : struct, IFloatVector<Vec>
    {
        if (bf) SwiGluBackwardRange<Bf16, Vec>(G, U, DY, DG, DU, i0, i1);
        else SwiGluBackwardRange<F32, Vec>(G, U, DY, DG, DU, i0, i1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void SwiGluBackwardRange<E, Vec>(nint G, nint U, nint DY, nint DG, nint DU, long i0, long i1) where E : struct, IElem where Vec : struct, IFloatVector<Vec>
    {
        long i = i0;
        var one = Vec.One;
        for (; i + Vec.Count <= i1; i += Vec.Count)
        {
            var g = E.L<Vec>(G, i);
            var dy = E.L<Vec>(DY, i);
            var e1 = one + Exp(-g);
            if (DU != 0) E.S(DU, i, dy * E.R(g / e1));
            if (DG != 0)
            {
                var s = one / e1;
                E.S(DG, i, E.R(dy * E.L<Vec>(U, i)) * s * (one + g * (one - s)));
            }
        }
        for (; i < i1; i++)
        {
            float g = E.L1(G, i), dy = E.L1(DY, i), e1 = 1 + MathF.Exp(-g);
            if (DU != 0) E.S1(DU, i, dy * E.R1(g / e1));
            if (DG != 0)
            {
                float s = 1 / e1;
                E.S1(DG, i, E.R1(dy * E.L1(U, i)) * s * (1 + g * (1 - s)));
            }
        }
    }

    // ---------------------------------------------------------------- rotary position embedding

    /// <summary>
    /// y = x · cos + rotate_half(x) · sin (Hugging Face's rotate-half layout) for x and y of shape (B, heads, T, hd), each
    /// contiguous or the transposed view of a contiguous (B, T, heads, hd) (as the projection's output), and contiguous cos, sin
    /// (Bc, T, hd) with Bc 1 or B. Rounded as the op-by-op graph: both products to the dtype, then their sum.
    /// </summary>
    public static void RotaryForward(Tensor x, Tensor cos, Tensor sin, Tensor y) => Rotary(x, cos, sin, y, backward: false);

    /// <summary>
    /// The gradient of <see cref="RotaryForward"/>'s input, as autograd gives it op by op: with dy = (a, b) in halves,
    /// dx = (round(a·cos₁) + round(b·sin₂), round(b·cos₂) − round(a·sin₁)), each sum rounded to the dtype. Same layout rules.
    /// </summary>
    public static void RotaryBackward(Tensor dy, Tensor cos, Tensor sin, Tensor dx) => Rotary(dy, cos, sin, dx, backward: true);

    static void Rotary(Tensor x, Tensor cos, Tensor sin, Tensor y, bool backward)
    {
        if (!Takes(x) || !Takes(y) || x.dim() != 4 || !x.shape.SequenceEqual(y.shape) || x.dtype != y.dtype)
            throw new ArgumentException($"rotary kernel: x and y must be CPU float32 / bfloat16 (B, heads, T, hd) of one dtype, got [{string.Join(", ", x.shape)}] and [{string.Join(", ", y.shape)}]");
        long B = x.shape[0], Hn = x.shape[1], T = x.shape[2], hd = x.shape[3];
        Check(cos, 3); Check(sin, 3);
        if (cos.dtype != x.dtype || sin.dtype != x.dtype || !cos.shape.SequenceEqual(sin.shape) || cos.shape[1] != T || cos.shape[2] != hd
            || (cos.shape[0] != 1 && cos.shape[0] != B) || hd % 2 != 0)
            throw new ArgumentException($"rotary kernel: cos and sin must be ({B} or 1, {T}, {hd}) of the input's dtype with an even head size");
        long Bc = cos.shape[0];
        long[] xs = [x.stride(0), x.stride(1), x.stride(2)], ys = [y.stride(0), y.stride(1), y.stride(2)];
        bool bf = x.dtype == ScalarType.BFloat16;
        fixed (byte* px = HeadsOrTokensMajor(x), py = HeadsOrTokensMajor(y), pc = cos.bytes, ps = sin.bytes)
        {
            nint X = (nint)px, Y = (nint)py, C = (nint)pc, S = (nint)ps;
            long rows = B * Hn * T;
            Split(rows, rows * hd, (_, r0, r1) =>
            {
                if (Wide) RotaryRows<Float512>(bf, X, Y, C, S, xs, ys, Hn, T, hd, Bc, backward, r0, r1);
                else RotaryRows<Float256>(bf, X, Y, C, S, xs, ys, Hn, T, hd, Bc, backward, r0, r1);
            });
        }
    }

    /// <summary>Whether a (B, heads, T, hd) tensor is laid out as the rotary kernels take it: contiguous as such, or token-major
    /// (the transposed view of a contiguous (B, T, heads, hd)).</summary>
    internal static bool RotaryLayout(Tensor t, out bool tokenMajor)
    {
        tokenMajor = false;
        if (t.dim() != 4) return false;
        if (t.is_contiguous()) return true;
        using var tokens = t.transpose(1, 2);
        return tokenMajor = tokens.is_contiguous();
    }

    /// <summary>The memory of a tensor in <see cref="RotaryLayout"/>.</summary>
    static Span<byte> HeadsOrTokensMajor(Tensor t)
    {
        if (!RotaryLayout(t, out bool tokenMajor))
            throw new ArgumentException($"rotary kernel: a (B, heads, T, hd) tensor laid out as such or as (B, T, heads, hd) expected, got strides [{string.Join(", ", t.stride())}]");
        if (!tokenMajor) return t.bytes;
        using var tokens = t.transpose(1, 2);                                               // a view: the span outlives it
        return tokens.bytes;
    }

    static void RotaryRows<Vec>(bool bf, nint X, nint Y, nint C, nint S, long[] xs, long[] ys, long Hn, long T, long hd, long Bc, bool backward, long r0, long r1) where Vec : struct, IFloatVector<Vec>
    {
        if (bf) RotaryRows<Bf16, Vec>(X, Y, C, S, xs, ys, Hn, T, hd, Bc, backward, r0, r1);
        else RotaryRows<F32, Vec>(X, Y, C, S, xs, ys, Hn, T, hd, Bc, backward, r0, r1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void RotaryRows<E, Vec>(nint X, nint Y, nint C, nint S, long[] xs, long[] ys, long Hn, long T, long hd, long Bc, bool backward, long r0, long r1)
        where E : struct, IElem where Vec : struct, IFloatVector<Vec>
    {
        long half = hd / 2;
        // backward is forward with the sine halves swapped and negated: (sin₁, sin₂) → (−sin₂, −sin₁)
        float sign = backward ? -1 : 1;
        var vsign = Vec.Create(sign);
        long fOff = backward ? half : 0, sOff = backward ? 0 : half;
        for (long r = r0; r < r1; r++)
        {
            long t = r % T, h = r / T % Hn, b = r / (T * Hn);                                // rows in (b, h, t) order
            nint xr = X + (nint)((b * xs[0] + h * xs[1] + t * xs[2]) * E.Size);
            nint yr = Y + (nint)((b * ys[0] + h * ys[1] + t * ys[2]) * E.Size);
            long cOff = ((Bc == 1 ? 0 : b) * T + t) * hd;
            nint cr = C + (nint)(cOff * E.Size), sr = S + (nint)(cOff * E.Size);
            long i = 0;
            for (; i + Vec.Count <= half; i += Vec.Count)
            {
                Vec a = E.L<Vec>(xr, i), c = E.L<Vec>(xr, half + i), sf = E.L<Vec>(sr, fOff + i) * vsign, ss = E.L<Vec>(sr, sOff + i) * vsign;
                E.S(yr, i, E.R(a * E.L<Vec>(cr, i)) - E.R(c * sf));
                E.S(yr, half + i, E.R(c * E.L<Vec>(cr, half + i)) + E.R(a * ss));
            }
            for (; i < half; i++)
            {
                float a = E.L1(xr, i), c = E.L1(xr, half + i), sf = E.L1(sr, fOff + i) * sign, ss = E.L1(sr, sOff + i) * sign;
                E.S1(yr, i, E.R1(a * E.L1(cr, i)) - E.R1(c * sf));
                E.S1(yr, half + i, E.R1(c * E.L1(cr, half + i)) + E.R1(a * ss));
            }
        }
    }
}
