// Softmax-based kernels: the fused cross-entropy rows and the causal attention blocks, both over ExpShifted.
using System.Buffers;
using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

public static unsafe partial class CpuKernels
{
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
                if (Wide) CrossEntropyRows<Float512>(bf, L, V, labels, rowLoss, r0, r1);
                else CrossEntropyRows<Float256>(bf, L, V, labels, rowLoss, r0, r1);
            });
        }
    }

    static void CrossEntropyRows<Vec>(bool bf, nint logits, long V, long[] labels, float[] loss, long r0, long r1) where Vec : struct, IFloatVector<Vec>
    {
        if (bf) CrossEntropyRows<Bf16, Vec>(logits, V, labels, loss, r0, r1);
        else CrossEntropyRows<F32, Vec>(logits, V, labels, loss, r0, r1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void CrossEntropyRows<E, Vec>(nint logits, long V, long[] labels, float[] loss, long r0, long r1) where E : struct, IElem where Vec : struct, IFloatVector<Vec>
    {
        var buf = ArrayPool<float>.Shared.Rent((int)V);
        try
        {
            fixed (float* b = buf)
                for (long r = r0; r < r1; r++)
                {
                    nint row = logits + (nint)(r * V * E.Size);
                    float sum = ExpShifted<E, Vec>(row, b, V, V, out float max);                     // passes 1 and 2
                    loss[r] = MathF.Log(sum) + max - E.L1(row, labels[r]);
                    float inv = 1f / sum;
                    b[labels[r]] -= sum;                                                     // (e − sum)/sum = p − 1
                    var vi = Vec.Create(inv);                                                  // pass 3: p − onehot
                    long i;
                    for (i = 0; i + Vec.Count <= V; i += Vec.Count) E.S(row, i, Vec.Load(b + i) * vi);
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
                if (Wide) CausalSoftmaxRange<Float512>(bf, P, G, D, S, n, start, r0, r1);
                else CausalSoftmaxRange<Float256>(bf, P, G, D, S, n, start, r0, r1);
            });
        }
    }

    /// <summary>Rows [r0, r1): softmax over each row's causal prefix; when G is set, also dS = p ∘ (G − D) over G.</summary>
    static void CausalSoftmaxRange<Vec>(bool bf, nint P, nint G, nint D, long S, long n, long start, long r0, long r1) where Vec : struct, IFloatVector<Vec>
    {
        if (bf) CausalSoftmaxRange<Bf16, Vec>(P, G, D, S, n, start, r0, r1);
        else CausalSoftmaxRange<F32, Vec>(P, G, D, S, n, start, r0, r1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void CausalSoftmaxRange<E, Vec>(nint P, nint G, nint D, long S, long n, long start, long r0, long r1) where E : struct, IElem where Vec : struct, IFloatVector<Vec>
    {
        var buf = ArrayPool<float>.Shared.Rent((int)S);
        try
        {
            fixed (float* b = buf)
                for (long r = r0; r < r1; r++)
                {
                    nint row = P + (nint)(r * S * E.Size);
                    long L = start + r % n + 1;                                              // keys this query sees
                    float inv = 1f / ExpShifted<E, Vec>(row, b, L, S, out _);
                    new Span<float>(b + L, (int)(S - L)).Clear();                              // masked future keys
                    long i;
                    var vi = Vec.Create(inv);
                    for (i = 0; i < L && i + Vec.Count <= S; i += Vec.Count) Vec.Store(Vec.Load(b + i) * vi, b + i);  // 0 stays 0
                    for (; i < L; i++) b[i] *= inv;
                    for (i = 0; i + Vec.Count <= S; i += Vec.Count) E.S(row, i, Vec.Load(b + i));
                    for (; i < S; i++) E.S1(row, i, b[i]);
                    if (G == 0) continue;
                    nint grow = G + (nint)(r * S * E.Size);
                    float dr = ((float*)D)[r];
                    var vd = Vec.Create(dr);
                    for (i = 0; i + Vec.Count <= S; i += Vec.Count) E.S(grow, i, Vec.Load(b + i) * (E.L<Vec>(grow, i) - vd));
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
    static float ExpShifted<E, Vec>(nint row, float* b, long L, long readable, out float max) where E : struct, IElem where Vec : struct, IFloatVector<Vec>
    {
        var vmax = Vec.Create(float.NegativeInfinity);                                         // pass 1: float32 copy, max
        long i = 0;
        for (; i + Vec.Count <= L; i += Vec.Count) { var v = E.L<Vec>(row, i); Vec.Store(v, b + i); vmax = Vec.Max(vmax, v); }
        long body = i;
        bool maskedTail = i < L && i + Vec.Count <= readable;
        var inTail = Vec.Zero;                                                                 // lanes below L, when maskedTail
        if (maskedTail)
        {
            inTail = Vec.LessThan(Vec.Indices, Vec.Create(L - i));
            var v = Vec.Select(inTail, E.L<Vec>(row, i), Vec.Create(float.NegativeInfinity));
            Vec.Store(v, b + i);
            vmax = Vec.Max(vmax, v);
        }
        max = Vec.MaxAcross(vmax);
        if (!maskedTail) for (; i < L; i++) { b[i] = E.L1(row, i); max = MathF.Max(max, b[i]); }
        var vs = Vec.Create(max);                                                              // pass 2: exp, sum
        var acc = Vec.Zero;
        for (i = 0; i < body; i += Vec.Count) { var e = Exp(Vec.Load(b + i) - vs); Vec.Store(e, b + i); acc += e; }
        if (maskedTail)
        {
            var e = Vec.Select(inTail, Exp(Vec.Load(b + i) - vs), Vec.Zero);
            Vec.Store(e, b + i);
            acc += e;
            i = L;
        }
        float sum = Vec.Sum(acc);
        for (; i < L; i++) { b[i] = MathF.Exp(b[i] - max); sum += b[i]; }
        return sum;
    }
}
