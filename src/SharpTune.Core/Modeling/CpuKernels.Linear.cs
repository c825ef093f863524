// y = x·Wᵀ (+ b) for the few rows of a decode step. At batch 1–16 a linear layer reads every weight once and does one
// to sixteen multiply-adds with it, so its time is the time to stream W from memory. libtorch 2.10's GEMM runs these
// skinny shapes on one core even with two threads (the serving benchmarks: 1.01–1.39× from the second thread, where
// PyTorch 2.14's reach 2.06–2.10×), and one core reads only about half of what the memory gives two. This kernel splits
// W's rows over libtorch's OpenMP threads, so that each core streams its own half.
using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

public static unsafe partial class CpuKernels
{
    /// <summary>The most rows of x (batch × positions) <see cref="SkinnyLinear"/> takes: where decoding is bound by reading W.</summary>
    public const int SkinnyMaxRows = 16;

    /// <summary>
    /// Below this many weights (N·K) the layer stays with libtorch: small enough to come from cache, where splitting
    /// it does not pay for the parallel region.
    /// </summary>
    const long SkinnyMinWeights = 128L << 10;

    /// <summary>
    /// Whether <see cref="SkinnyLinear"/> runs at all: on by default where the kernels run (environment variable
    /// <c>SHARPTUNE_SKINNY_LINEAR=0</c> turns it off); settable so that benchmarks and tests compare it with libtorch's
    /// GEMM (set only from code that runs alone: every model in the process follows it).
    /// </summary>
    public static bool SkinnyInModel { get; set; } = Environment.GetEnvironmentVariable("SHARPTUNE_SKINNY_LINEAR") != "0";

    /// <summary>
    /// y = x·Wᵀ (+ b) over float32 when x has at most <see cref="SkinnyMaxRows"/> rows, W is large and nothing needs a
    /// gradient (decoding); null when it does not apply, and the caller runs libtorch's linear. Each output is a
    /// float32 dot product over K accumulated in vector lanes, so it differs from libtorch's in the last bits only.
    /// </summary>
    public static Tensor? SkinnyLinear(Tensor x, Tensor w, Tensor? b = null)
    {
        if (!SkinnyInModel || !Supports(x) || x.dtype != ScalarType.Float32 || w.dtype != ScalarType.Float32 || w.device_type != TorchSharp.DeviceType.CPU
            || w.dim() != 2 || x.dim() < 1) return null;
        long N = w.shape[0], K = w.shape[1];
        if (x.shape[^1] != K || N * K < SkinnyMinWeights || !x.is_contiguous() || !w.is_contiguous()) return null;
        long M = x.NumberOfElements / Math.Max(1, K);
        if (M < 1 || M > SkinnyMaxRows) return null;
        if (b is not null && (b.dtype != ScalarType.Float32 || b.device_type != TorchSharp.DeviceType.CPU || b.dim() != 1 || b.shape[0] != N || !b.is_contiguous())) return null;
        if (is_grad_enabled() && (x.requires_grad || w.requires_grad || b?.requires_grad == true)) return null;
        var shape = x.shape.ToArray();
        shape[^1] = N;
        var y = empty(shape, dtype: ScalarType.Float32);
        fixed (byte* px = x.bytes, pw = w.bytes, pb = b is null ? Span<byte>.Empty : b.bytes, py = y.bytes)
        {
            nint X = (nint)px, W = (nint)pw, B = (nint)pb, Y = (nint)py;
            Split(N, N * K, (_, n0, n1) =>
            {
                if (Wide) SkinnyRange<Float512>((float*)X, (float*)W, (float*)B, (float*)Y, M, K, N, n0, n1);
                else SkinnyRange<Float256>((float*)X, (float*)W, (float*)B, (float*)Y, M, K, N, n0, n1);
            });
        }
        return y;
    }

    /// <summary>
    /// <paramref name="layer"/>(x): a plain linear layer's decode rows on <see cref="SkinnyLinear"/> where it applies,
    /// anything else (prefill, training, adapter-wrapped layers) through the layer's own forward.
    /// </summary>
    public static Tensor Linear(nn.Module<Tensor, Tensor> layer, Tensor x) =>
        layer is TorchSharp.Modules.Linear l ? Linear(x, l.weight!, l.bias) : layer.forward(x);

    /// <summary>x·Wᵀ (+ b): <see cref="SkinnyLinear"/> where it applies, else libtorch's linear.</summary>
    public static Tensor Linear(Tensor x, Tensor w, Tensor? b = null) => SkinnyLinear(x, w, b) ?? nn.functional.linear(x, w, b);

    /// <summary>
    /// Outputs [n0, n1) of every row: W's rows in blocks of 32 (one block stays in L2 while every group of four x rows
    /// passes over it), two W rows against four x rows at a time, eight accumulators.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void SkinnyRange<V>(float* x, float* w, float* bias, float* y, long M, long K, long N, long n0, long n1) where V : struct, IFloatVector<V>
    {
        const long Block = 32;
        for (long nb = n0; nb < n1; nb += Block)
        {
            long ne = Math.Min(n1, nb + Block);
            if (M == 1) { SkinnyOneRow<V>(x, w, bias, y, K, nb, ne); continue; }
            for (long m0 = 0; m0 < M; m0 += 4)
            {
                // a group of fewer than four rows repeats its last row; only the real rows are stored
                float* x0 = x + m0 * K, x1 = x + Math.Min(m0 + 1, M - 1) * K, x2 = x + Math.Min(m0 + 2, M - 1) * K, x3 = x + Math.Min(m0 + 3, M - 1) * K;
                long rows = Math.Min(4, M - m0);
                long n = nb;
                for (; n + 2 <= ne; n += 2)
                {
                    float* wa = w + n * K, wb = wa + K;
                    V a0 = V.Zero, a1 = V.Zero, a2 = V.Zero, a3 = V.Zero, b0 = V.Zero, b1 = V.Zero, b2 = V.Zero, b3 = V.Zero;
                    long k = 0;
                    for (; k + V.Count <= K; k += V.Count)
                    {
                        V va = V.Load(wa + k), vb = V.Load(wb + k);
                        V v0 = V.Load(x0 + k), v1 = V.Load(x1 + k), v2 = V.Load(x2 + k), v3 = V.Load(x3 + k);
                        a0 = V.Fma(va, v0, a0); a1 = V.Fma(va, v1, a1); a2 = V.Fma(va, v2, a2); a3 = V.Fma(va, v3, a3);
                        b0 = V.Fma(vb, v0, b0); b1 = V.Fma(vb, v1, b1); b2 = V.Fma(vb, v2, b2); b3 = V.Fma(vb, v3, b3);
                    }
                    float sa0 = V.Sum(a0), sa1 = V.Sum(a1), sa2 = V.Sum(a2), sa3 = V.Sum(a3);
                    float sb0 = V.Sum(b0), sb1 = V.Sum(b1), sb2 = V.Sum(b2), sb3 = V.Sum(b3);
                    for (; k < K; k++)
                    {
                        float ea = wa[k], eb = wb[k];
                        sa0 += ea * x0[k]; sa1 += ea * x1[k]; sa2 += ea * x2[k]; sa3 += ea * x3[k];
                        sb0 += eb * x0[k]; sb1 += eb * x1[k]; sb2 += eb * x2[k]; sb3 += eb * x3[k];
                    }
                    float ba = bias == null ? 0f : bias[n], bb = bias == null ? 0f : bias[n + 1];
                    float* y0 = y + m0 * N + n;
                    y0[0] = sa0 + ba; y0[1] = sb0 + bb;
                    if (rows > 1) { y0[N] = sa1 + ba; y0[N + 1] = sb1 + bb; }
                    if (rows > 2) { y0[2 * N] = sa2 + ba; y0[2 * N + 1] = sb2 + bb; }
                    if (rows > 3) { y0[3 * N] = sa3 + ba; y0[3 * N + 1] = sb3 + bb; }
                }
                for (; n < ne; n++)                                                             // an odd last W row
                    for (long r = 0; r < rows; r++)
                        y[(m0 + r) * N + n] = Dot<V>(w + n * K, x + (m0 + r) * K, K) + (bias == null ? 0f : bias[n]);
            }
        }
    }

    /// <summary>Batch 1: four W rows against the one x row at a time (no repeated rows), four accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void SkinnyOneRow<V>(float* x, float* w, float* bias, float* y, long K, long nb, long ne) where V : struct, IFloatVector<V>
    {
        long n = nb;
        for (; n + 4 <= ne; n += 4)
        {
            float* w0 = w + n * K, w1 = w0 + K, w2 = w1 + K, w3 = w2 + K;
            V a0 = V.Zero, a1 = V.Zero, a2 = V.Zero, a3 = V.Zero;
            long k = 0;
            for (; k + V.Count <= K; k += V.Count)
            {
                V v = V.Load(x + k);
                a0 = V.Fma(V.Load(w0 + k), v, a0); a1 = V.Fma(V.Load(w1 + k), v, a1);
                a2 = V.Fma(V.Load(w2 + k), v, a2); a3 = V.Fma(V.Load(w3 + k), v, a3);
            }
            float s0 = V.Sum(a0), s1 = V.Sum(a1), s2 = V.Sum(a2), s3 = V.Sum(a3);
            for (; k < K; k++) { float e = x[k]; s0 += w0[k] * e; s1 += w1[k] * e; s2 += w2[k] * e; s3 += w3[k] * e; }
            if (bias != null) { s0 += bias[n]; s1 += bias[n + 1]; s2 += bias[n + 2]; s3 += bias[n + 3]; }
            y[n] = s0; y[n + 1] = s1; y[n + 2] = s2; y[n + 3] = s3;
        }
        for (; n < ne; n++) y[n] = Dot<V>(w + n * K, x, K) + (bias == null ? 0f : bias[n]);
    }

    /// <summary>Σ a[k]·b[k] over K floats, in vector lanes then the tail: the kernels' odd rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Dot<V>(float* a, float* b, long K) where V : struct, IFloatVector<V>
    {
        V acc = V.Zero;
        long k = 0;
        for (; k + V.Count <= K; k += V.Count) acc = V.Fma(V.Load(a + k), V.Load(b + k), acc);
        float s = V.Sum(acc);
        for (; k < K; k++) s += a[k] * b[k];
        return s;
    }
}
