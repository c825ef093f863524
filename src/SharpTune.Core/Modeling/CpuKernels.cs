// Kernels written directly over CPU tensor memory for the elementwise work of a training step, where libtorch makes
// several passes (and allocations) per op: each kernel reads its inputs once and writes its outputs once, computing in
// float32 with 512-bit vectors. Work from 64 K elements is split over libtorch's own OpenMP threads (Native.OmpTeam). Each loop is generic over the element type
// (float32 or bfloat16), so the JIT compiles one branch-free loop per type with every pointer in a register.
// bfloat16 ↔ float32 as libtorch converts: widening is exact, narrowing rounds to nearest even. Where the op-by-op
// graph rounds an intermediate to bfloat16, the kernel rounds it too, so results match it to the last bit or one ulp.
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

public static unsafe class CpuKernels
{
    /// <summary>
    /// Whether the model should use the kernels for this tensor: float32 or bfloat16 on a CPU with 512-bit vectors. The
    /// kernels themselves run anywhere (.NET emulates the vectors), only slower than libtorch's ops without them.
    /// </summary>
    public static bool Supports(Tensor t) => Vector512.IsHardwareAccelerated && Takes(t);

    static bool Takes(Tensor t) => t.device_type == TorchSharp.DeviceType.CPU && t.dtype is ScalarType.Float32 or ScalarType.BFloat16;

    // ---------------------------------------------------------------- cross-entropy

    /// <summary>
    /// For each row r of the contiguous (n, V) <paramref name="logits"/>: rowLoss[r] = logsumexp(row) − row[label[r]]
    /// (float32; exact even where the label's probability underflows), and the row is overwritten in place with
    /// softmax(row) − onehot(label[r]), the cross-entropy gradient, in the tensor's dtype. Labels must be in [0, V).
    /// </summary>
    public static void SoftmaxCrossEntropyRows(Tensor logits, long[] labels, float[] rowLoss)
    {
        Check(logits, 2);
        long n = logits.shape[0], V = logits.shape[1];
        if (labels.Length != n || rowLoss.Length != n) throw new ArgumentException($"need {n} labels and losses, got {labels.Length} and {rowLoss.Length}");
        for (int r = 0; r < n; r++)
            if (labels[r] < 0 || labels[r] >= V) throw new ArgumentOutOfRangeException(nameof(labels), labels[r], $"label of row {r} is outside [0, {V})");
        bool bf = logits.dtype == ScalarType.BFloat16;
        fixed (byte* p = logits.bytes)
        {
            nint L = (nint)p;
            Split(n, n * V, (_, r0, r1) =>
            {
                if (bf) CrossEntropyRows<Bf16>(L, V, labels, rowLoss, r0, r1);
                else CrossEntropyRows<F32>(L, V, labels, rowLoss, r0, r1);
            });
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void CrossEntropyRows<E>(nint logits, long V, long[] labels, float[] loss, long r0, long r1) where E : struct, IElem
    {
        var buf = ArrayPool<float>.Shared.Rent((int)V);
        try
        {
            fixed (float* b = buf)
                for (long r = r0; r < r1; r++)
                {
                    nint row = logits + (nint)(r * V * E.Size);
                    float sum = ExpShifted<E>(row, b, V, V, out float max);                     // passes 1 and 2
                    loss[r] = MathF.Log(sum) + max - E.L1(row, labels[r]);
                    float inv = 1f / sum;
                    b[labels[r]] -= sum;                                                     // (e − sum)/sum = p − 1
                    var vi = Vector512.Create(inv);                                          // pass 3: p − onehot
                    long i;
                    for (i = 0; i + 16 <= V; i += 16) E.S16(row, i, Vector512.Load(b + i) * vi);
                    for (; i < V; i++) E.S1(row, i, b[i] * inv);
                }
        }
        finally { ArrayPool<float>.Shared.Return(buf); }
    }

    // ---------------------------------------------------------------- causal attention blocks

    /// <summary>
    /// In place over the contiguous (R, S) attention scores of a query block whose row i sits at key position
    /// start + i mod n: the row becomes softmax over its keys [0, start + i mod n] in float32, written in the tensor's
    /// dtype, with 0 for the masked future keys.
    /// </summary>
    public static void CausalSoftmaxRows(Tensor scores, long n, long start) => CausalSoftmax(scores, null, null, n, start);

    /// <summary>
    /// Backward of a causal block from its recomputed raw scores: per row, p = the softmax of <see cref="CausalSoftmaxRows"/>
    /// in float32, dS = p ∘ (dP − D[row]) written over dP and p written over the scores (both in the dtype, 0 for the
    /// masked keys). D is rowsum(dO ∘ O), one float32 per row.
    /// </summary>
    public static void CausalSoftmaxBackwardRows(Tensor scores, Tensor dp, Tensor d, long n, long start) => CausalSoftmax(scores, dp, d, n, start);

    static void CausalSoftmax(Tensor scores, Tensor? dp, Tensor? d, long n, long start)
    {
        Check(scores, 2);
        long R = scores.shape[0], S = scores.shape[1];
        if (n <= 0 || R % n != 0 || start + n > S) throw new ArgumentException($"causal block of {n} rows from {start} does not fit scores [{R}, {S}]");
        if (dp is not null && d is not null)
        {
            Check(dp, 2); Check(d, 1);
            if (dp.dtype != scores.dtype || !dp.shape.SequenceEqual(scores.shape) || d.dtype != ScalarType.Float32 || d.shape[0] != R)
                throw new ArgumentException("attention backward kernel: dP must match the scores; D must be float32 (R)");
        }
        bool bf = scores.dtype == ScalarType.BFloat16;
        fixed (byte* p = scores.bytes, pg = dp is null ? Span<byte>.Empty : dp.bytes, pd = d is null ? Span<byte>.Empty : d.bytes)
        {
            nint P = (nint)p, G = (nint)pg, D = (nint)pd;
            Split(R, R * S, (_, r0, r1) =>
            {
                if (bf) CausalSoftmaxRange<Bf16>(P, G, D, S, n, start, r0, r1);
                else CausalSoftmaxRange<F32>(P, G, D, S, n, start, r0, r1);
            });
        }
    }

    /// <summary>Rows [r0, r1): softmax over each row's causal prefix; when G is set, also dS = p ∘ (G − D) over G.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void CausalSoftmaxRange<E>(nint P, nint G, nint D, long S, long n, long start, long r0, long r1) where E : struct, IElem
    {
        var buf = ArrayPool<float>.Shared.Rent((int)S);
        try
        {
            fixed (float* b = buf)
                for (long r = r0; r < r1; r++)
                {
                    nint row = P + (nint)(r * S * E.Size);
                    long L = start + r % n + 1;                                              // keys this query sees
                    float inv = 1f / ExpShifted<E>(row, b, L, S, out _);
                    new Span<float>(b + L, (int)(S - L)).Clear();                              // masked future keys
                    long i;
                    var vi = Vector512.Create(inv);
                    for (i = 0; i < L && i + 16 <= S; i += 16) (Vector512.Load(b + i) * vi).Store(b + i);  // 0 stays 0
                    for (; i < L; i++) b[i] *= inv;
                    for (i = 0; i + 16 <= S; i += 16) E.S16(row, i, Vector512.Load(b + i));
                    for (; i < S; i++) E.S1(row, i, b[i]);
                    if (G == 0) continue;
                    nint grow = G + (nint)(r * S * E.Size);
                    float dr = ((float*)D)[r];
                    var vd = Vector512.Create(dr);
                    for (i = 0; i + 16 <= S; i += 16) E.S16(grow, i, Vector512.Load(b + i) * (E.L16(grow, i) - vd));
                    for (; i < S; i++) E.S1(grow, i, b[i] * (E.L1(grow, i) - dr));
                }
        }
        finally { ArrayPool<float>.Shared.Return(buf); }
    }

    /// <summary>
    /// Copies row [0, L) into b as float32 and replaces it with e^(b − max) there; returns Σ, and the row's max. When the
    /// row and b hold at least <paramref name="readable"/> elements and the last partial vector of [0, L) fits in them, that
    /// vector is done masked (its lanes from L on read as −∞ and are left 0 in b) instead of element by element: for the
    /// causal rows, whose lengths are anything, the scalar tails with MathF.Exp took most of the kernel's time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float ExpShifted<E>(nint row, float* b, long L, long readable, out float max) where E : struct, IElem
    {
        var vmax = Vector512.Create(float.NegativeInfinity);                                // pass 1: float32 copy, max
        long i = 0;
        for (; i + 16 <= L; i += 16) { var v = E.L16(row, i); v.Store(b + i); vmax = Vector512.Max(vmax, v); }
        long body = i;
        bool maskedTail = i < L && i + 16 <= readable;
        var inTail = Vector512<float>.Zero;                                                  // lanes below L, when maskedTail
        if (maskedTail)
        {
            inTail = Vector512.LessThan(Vector512<float>.Indices, Vector512.Create((float)(L - i)));
            var v = Vector512.ConditionalSelect(inTail, E.L16(row, i), Vector512.Create(float.NegativeInfinity));
            v.Store(b + i);
            vmax = Vector512.Max(vmax, v);
        }
        max = HorizontalMax(vmax);
        if (!maskedTail) for (; i < L; i++) { b[i] = E.L1(row, i); max = MathF.Max(max, b[i]); }
        var vs = Vector512.Create(max);                                                      // pass 2: exp, sum
        var acc = Vector512<float>.Zero;
        for (i = 0; i < body; i += 16) { var e = Exp(Vector512.Load(b + i) - vs); e.Store(b + i); acc += e; }
        if (maskedTail)
        {
            var e = Vector512.ConditionalSelect(inTail, Exp(Vector512.Load(b + i) - vs), Vector512<float>.Zero);
            e.Store(b + i);
            acc += e;
            i = L;
        }
        float sum = Vector512.Sum(acc);
        for (; i < L; i++) { b[i] = MathF.Exp(b[i] - max); sum += b[i]; }
        return sum;
    }

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
                if (bf) RmsForwardRows<Bf16>(X, W, Y, H, (float)eps, rstd, r0, r1);
                else RmsForwardRows<F32>(X, W, Y, H, (float)eps, rstd, r0, r1);
            });
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void RmsForwardRows<E>(nint X, nint W, nint Y, long H, float eps, float[] rstd, long r0, long r1) where E : struct, IElem
    {
        for (long row = r0; row < r1; row++)
        {
            nint xr = X + (nint)(row * H * E.Size), yr = Y + (nint)(row * H * E.Size);
            var acc = Vector512<float>.Zero;
            long i = 0;
            for (; i + 16 <= H; i += 16) { var v = E.L16(xr, i); acc = Vector512.FusedMultiplyAdd(v, v, acc); }
            float ss = Vector512.Sum(acc);
            for (; i < H; i++) { float v = E.L1(xr, i); ss += v * v; }
            float rs = 1f / MathF.Sqrt(ss / H + eps);
            rstd[row] = rs;
            var vr = Vector512.Create(rs);
            for (i = 0; i + 16 <= H; i += 16) E.S16(yr, i, E.L16(W, i) * E.R16(E.L16(xr, i) * vr));
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
                if (bf) RmsBackwardRows<Bf16>(X, W, DY, DX, H, rstd, acc, r0, r1);
                else RmsBackwardRows<F32>(X, W, DY, DX, H, rstd, acc, r0, r1);
            });
        }
        if (dw is not null)
            foreach (var p in partial!)
                for (int j = 0; j < H; j++) dw[j] += p[j];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void RmsBackwardRows<E>(nint X, nint W, nint DY, nint DX, long H, float[] rstd, float[]? dwAcc, long r0, long r1) where E : struct, IElem
    {
        fixed (float* acc = dwAcc)
            for (long row = r0; row < r1; row++)
            {
                nint xr = X + (nint)(row * H * E.Size), gr = DY + (nint)(row * H * E.Size);
                float rs = rstd[row];
                var vr = Vector512.Create(rs);
                long i;
                if (acc != null)
                {
                    for (i = 0; i + 16 <= H; i += 16) (Vector512.Load(acc + i) + E.R16(E.L16(gr, i) * E.R16(E.L16(xr, i) * vr))).Store(acc + i);
                    for (; i < H; i++) acc[i] += E.R1(E.L1(gr, i) * E.R1(E.L1(xr, i) * rs));
                }
                if (DX == 0) continue;
                nint dr = DX + (nint)(row * H * E.Size);
                var dot = Vector512<float>.Zero;
                for (i = 0; i + 16 <= H; i += 16) dot = Vector512.FusedMultiplyAdd(E.R16(E.L16(gr, i) * E.L16(W, i)), E.L16(xr, i), dot);
                float d = Vector512.Sum(dot);
                for (; i < H; i++) d += E.R1(E.L1(gr, i) * E.L1(W, i)) * E.L1(xr, i);
                float c = rs * rs * rs * d / H;
                var vc = Vector512.Create(c);
                for (i = 0; i + 16 <= H; i += 16) E.S16(dr, i, vr * E.R16(E.L16(gr, i) * E.L16(W, i)) - E.L16(xr, i) * vc);
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
                if (bf) SwiGluForwardRange<Bf16>(G, U, Y, i0, i1);
                else SwiGluForwardRange<F32>(G, U, Y, i0, i1);
            });
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void SwiGluForwardRange<E>(nint G, nint U, nint Y, long i0, long i1) where E : struct, IElem
    {
        long i = i0;
        for (; i + 16 <= i1; i += 16) { var g = E.L16(G, i); E.S16(Y, i, E.R16(g / (Vector512<float>.One + Exp(-g))) * E.L16(U, i)); }
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
                if (bf) SwiGluBackwardRange<Bf16>(G, U, DY, DG, DU, i0, i1);
                else SwiGluBackwardRange<F32>(G, U, DY, DG, DU, i0, i1);
            });
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void SwiGluBackwardRange<E>(nint G, nint U, nint DY, nint DG, nint DU, long i0, long i1) where E : struct, IElem
    {
        long i = i0;
        var one = Vector512<float>.One;
        for (; i + 16 <= i1; i += 16)
        {
            var g = E.L16(G, i);
            var dy = E.L16(DY, i);
            var e1 = one + Exp(-g);
            if (DU != 0) E.S16(DU, i, dy * E.R16(g / e1));
            if (DG != 0)
            {
                var s = one / e1;
                E.S16(DG, i, E.R16(dy * E.L16(U, i)) * s * (one + g * (one - s)));
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
                if (bf) RotaryRows<Bf16>(X, Y, C, S, xs, ys, Hn, T, hd, Bc, backward, r0, r1);
                else RotaryRows<F32>(X, Y, C, S, xs, ys, Hn, T, hd, Bc, backward, r0, r1);
            });
        }
    }

    /// <summary>The memory of a (B, heads, T, hd) tensor laid out contiguously as such or as (B, T, heads, hd).</summary>
    static Span<byte> HeadsOrTokensMajor(Tensor t)
    {
        if (t.is_contiguous()) return t.bytes;
        using var tokens = t.transpose(1, 2);                                               // a view: the span outlives it
        if (tokens.is_contiguous()) return tokens.bytes;
        throw new ArgumentException($"rotary kernel: a (B, heads, T, hd) tensor laid out as such or as (B, T, heads, hd) expected, got strides [{string.Join(", ", t.stride())}]");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void RotaryRows<E>(nint X, nint Y, nint C, nint S, long[] xs, long[] ys, long Hn, long T, long hd, long Bc, bool backward, long r0, long r1)
        where E : struct, IElem
    {
        long half = hd / 2;
        // backward is forward with the sine halves swapped and negated: (sin₁, sin₂) → (−sin₂, −sin₁)
        float sign = backward ? -1 : 1;
        var vsign = Vector512.Create(sign);
        long fOff = backward ? half : 0, sOff = backward ? 0 : half;
        for (long r = r0; r < r1; r++)
        {
            long t = r % T, h = r / T % Hn, b = r / (T * Hn);                                // rows in (b, h, t) order
            nint xr = X + (nint)((b * xs[0] + h * xs[1] + t * xs[2]) * E.Size);
            nint yr = Y + (nint)((b * ys[0] + h * ys[1] + t * ys[2]) * E.Size);
            long cOff = ((Bc == 1 ? 0 : b) * T + t) * hd;
            nint cr = C + (nint)(cOff * E.Size), sr = S + (nint)(cOff * E.Size);
            long i = 0;
            for (; i + 16 <= half; i += 16)
            {
                Vector512<float> a = E.L16(xr, i), c = E.L16(xr, half + i), sf = E.L16(sr, fOff + i) * vsign, ss = E.L16(sr, sOff + i) * vsign;
                E.S16(yr, i, E.R16(a * E.L16(cr, i)) - E.R16(c * sf));
                E.S16(yr, half + i, E.R16(c * E.L16(cr, half + i)) + E.R16(a * ss));
            }
            for (; i < half; i++)
            {
                float a = E.L1(xr, i), c = E.L1(xr, half + i), sf = E.L1(sr, fOff + i) * sign, ss = E.L1(sr, sOff + i) * sign;
                E.S1(yr, i, E.R1(a * E.L1(cr, i)) - E.R1(c * sf));
                E.S1(yr, half + i, E.R1(c * E.L1(cr, half + i)) + E.R1(a * ss));
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>Contiguous CPU float32 / bfloat16 tensors of one dtype and shape.</summary>
    static void CheckAlike(Tensor first, params Tensor[] others)
    {
        foreach (var t in others.Prepend(first))
            if (!Takes(t) || !t.is_contiguous() || t.dtype != first.dtype || !t.shape.SequenceEqual(first.shape))
                throw new ArgumentException($"contiguous CPU float32 / bfloat16 tensors of one dtype and shape expected, got {t.dtype} [{string.Join(", ", t.shape)}] beside {first.dtype} [{string.Join(", ", first.shape)}]");
    }

    static void Check(Tensor t, int dims)
    {
        if (!Takes(t)) throw new ArgumentException($"CPU float32 / bfloat16 tensor expected, got {t.dtype} on {t.device}");
        if (t.dim() != dims || !t.is_contiguous()) throw new ArgumentException($"contiguous {dims}-d tensor expected, got shape [{string.Join(", ", t.shape)}]");
    }

    /// <summary>
    /// How many parts to split `items` (of `work` elements in all) into: one per torch thread (at most one per 32 K
    /// elements) from <see cref="ParallelWork"/> elements on, else one.
    /// </summary>
    static int Parts(long items, long work) => work < ParallelWork ? 1 : (int)Math.Clamp(work / 32768, 1, Math.Min(Math.Max(1, items), Math.Max(1, get_num_threads())));

    /// <summary>
    /// From how many elements a kernel is split over threads. On libtorch's OpenMP threads (<see cref="Native.OmpTeam"/>)
    /// a region costs about 9 µs, where a 64 K-element pass takes 20–50 µs on one thread. With .NET threads instead, a
    /// second thread only paid off from 4 M elements: right after a libtorch op its OpenMP workers still spin on the
    /// other cores.
    /// </summary>
    static long ParallelWork => UseOmpTeam ? 64L << 10 : 4L << 20;

    /// <summary>Whether <see cref="Split"/> runs its parts on libtorch's OpenMP threads (else .NET's); settable to compare the two.</summary>
    internal static bool UseOmpTeam { get; set; } = Native.OmpTeam.Available;

    /// <summary>Runs body(part, i0, i1) over contiguous ranges of [0, items), in parallel when worth it.</summary>
    internal static void Split(long items, long work, Action<int, long, long> body)
    {
        int parts = Parts(items, work);
        if (parts == 1) body(0, 0, items);
        else if (UseOmpTeam) Native.OmpTeam.For(parts, items, body);
        else Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p => body(p, items * p / parts, items * (p + 1) / parts));
    }

    static float HorizontalMax(Vector512<float> v)
    {
        float m = float.NegativeInfinity;
        for (int j = 0; j < 16; j++) m = MathF.Max(m, v[j]);
        return m;
    }

    /// <summary>
    /// e^x in float32 (Cephes' expf scheme: x = n·ln2 + r, |r| ≤ ln2/2, degree-6 polynomial in r, 2ⁿ from the exponent
    /// bits), within about 2 ulp; inputs are clamped to [−87.3, 88.7] so the result stays a normal float (e^x
    /// underflows to ~1e-38 instead of 0, which is 0 after any rounding to bfloat16 and negligible in a softmax sum).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(-87.3f)), Vector512.Create(88.7f));
        var n = Vector512.Round(x * Vector512.Create(1.44269504088896341f));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-0.693359375f), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(2.12194440e-4f), r);
        var p = Vector512.Create(1.9875691500E-4f);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.3981999507E-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(8.3334519073E-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(4.1665795894E-2f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.6666665459E-1f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(5.0000001201E-1f));
        p = Vector512.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One);
        var scale = ((Vector512.ConvertToInt32(n) + Vector512.Create(127)) << 23).AsSingle();
        return p * scale;
    }

    /// <summary>float32 → bfloat16 bits, round to nearest even (NaN stays a quiet NaN), as libtorch's cast.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort ToBf16(float f)
    {
        uint bits = BitConverter.SingleToUInt32Bits(f);
        if (float.IsNaN(f)) return (ushort)((bits >> 16) | 0x40);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1)) >> 16);
    }

    /// <summary>The element type of a kernel loop: loads and stores as float32, and the rounding of a result to the type.</summary>
    interface IElem
    {
        static abstract int Size { get; }
        static abstract Vector512<float> L16(nint p, long i);
        static abstract float L1(nint p, long i);
        static abstract void S16(nint p, long i, Vector512<float> v);
        static abstract void S1(nint p, long i, float v);
        static abstract Vector512<float> R16(Vector512<float> v);
        static abstract float R1(float v);
    }

    readonly struct F32 : IElem
    {
        public static int Size => 4;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> L16(nint p, long i) => Vector512.Load((float*)p + i);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float L1(nint p, long i) => ((float*)p)[i];
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void S16(nint p, long i, Vector512<float> v) => v.Store((float*)p + i);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void S1(nint p, long i, float v) => ((float*)p)[i] = v;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> R16(Vector512<float> v) => v;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float R1(float v) => v;
    }

    readonly struct Bf16 : IElem
    {
        public static int Size => 2;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> L16(nint p, long i) => (Vector512.WidenLower(Vector256.Load((ushort*)p + i).ToVector512Unsafe()) << 16).AsSingle();
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float L1(nint p, long i) => BitConverter.Int32BitsToSingle(((ushort*)p)[i] << 16);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void S16(nint p, long i, Vector512<float> v)
        {
            var bits = Bits(v);
            Vector256.Narrow(bits.GetLower(), bits.GetUpper()).Store((ushort*)p + i);
        }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void S1(nint p, long i, float v) => ((ushort*)p)[i] = ToBf16(v);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> R16(Vector512<float> v) => (Bits(v) << 16).AsSingle();
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float R1(float v) => BitConverter.Int32BitsToSingle(ToBf16(v) << 16);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<uint> Bits(Vector512<float> f)
        {
            var bits = f.AsUInt32();
            var rounded = (bits + Vector512.Create(0x7FFFu) + ((bits >> 16) & Vector512<uint>.One)) >> 16;
            var nan = ~Vector512.Equals(f, f).AsUInt32();
            return Vector512.ConditionalSelect(nan, (bits >> 16) | Vector512.Create(0x40u), rounded);
        }
    }
}
