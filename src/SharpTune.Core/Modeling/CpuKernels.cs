// Kernels written directly over CPU tensor memory for the elementwise work of a training step, where libtorch makes
// several passes (and allocations) per op: each kernel reads its inputs once and writes its outputs once, computing in
// float32 with 256-bit (AVX2) or 512-bit (AVX-512) vectors: every loop is generic over the vector (IFloatVector) and
// the element type (float32 or bfloat16), so the JIT compiles one branch-free loop per width and type with every
// pointer in a register. Work from 64 K elements is split over libtorch's own OpenMP threads (Native.OmpTeam).
// bfloat16 ↔ float32 as libtorch converts: widening is exact, narrowing rounds to nearest even. Where the op-by-op
// graph rounds an intermediate to bfloat16, the kernel rounds it too, so results match it to the last bit or one ulp.
// This file holds what every kernel shares (element types, checks, the split over threads, exp); the softmax-based
// kernels are in CpuKernels.Softmax.cs, the per-layer ones (RMSNorm, SwiGLU, rotary) in CpuKernels.Layers.cs.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

public static unsafe partial class CpuKernels
{
    /// <summary>
    /// Whether the model should use the kernels for this tensor: float32 or bfloat16 on a CPU with 256-bit or 512-bit
    /// vectors and FMA. The kernels themselves run anywhere (.NET emulates the vectors), only slower than libtorch's ops
    /// without them.
    /// </summary>
    public static bool Supports(Tensor t) => InModel && Takes(t);

    /// <summary>
    /// Whether the model takes the kernels where they apply: by default where 256-bit vectors (or wider) are hardware
    /// accelerated with fused multiply-add. Settable so that tests run the model both on the kernels and on libtorch's
    /// ops, whatever the CPU (set only from tests that run alone: every model in the process follows it).
    /// </summary>
    internal static bool InModel { get; set; } = Accelerated;

    /// <summary>Whether this CPU runs the kernels' vectors in hardware: AVX2 + FMA or AVX-512 on x86, as .NET reports them.</summary>
    public static bool Accelerated => Vector512.IsHardwareAccelerated || (Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported);

    /// <summary>
    /// The vector width of the kernels, 256 or 512 bits: 512 where .NET accelerates Vector512 (AVX-512), else 256.
    /// Settable so that tests run every kernel at both widths (set only from tests that run alone).
    /// </summary>
    internal static int VectorBits
    {
        get => _vectorBits;
        set => _vectorBits = value is 256 or 512 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "256 or 512 bits expected");
    }
    static int _vectorBits = Vector512.IsHardwareAccelerated ? 512 : 256;

    /// <summary>Whether the kernels run on 512-bit vectors (else 256-bit).</summary>
    static bool Wide => _vectorBits == 512;

    static bool Takes(Tensor t) => t.device_type == TorchSharp.DeviceType.CPU && t.dtype is ScalarType.Float32 or ScalarType.BFloat16;

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

    /// <summary>
    /// e^x in float32 (Cephes' expf scheme: x = n·ln2 + r, |r| ≤ ln2/2, degree-6 polynomial in r, 2ⁿ from the exponent
    /// bits), within about 2 ulp; inputs are clamped to [−87.3, 88.7] so the result stays a normal float (e^x
    /// underflows to ~1e-38 instead of 0, which is 0 after any rounding to bfloat16 and negligible in a softmax sum).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static V Exp<V>(V x) where V : struct, IFloatVector<V>
    {
        x = V.Min(V.Max(x, V.Create(-87.3f)), V.Create(88.7f));
        var n = V.Round(x * V.Create(1.44269504088896341f));
        var r = V.Fma(n, V.Create(-0.693359375f), x);
        r = V.Fma(n, V.Create(2.12194440e-4f), r);
        var p = V.Create(1.9875691500E-4f);
        p = V.Fma(p, r, V.Create(1.3981999507E-3f));
        p = V.Fma(p, r, V.Create(8.3334519073E-3f));
        p = V.Fma(p, r, V.Create(4.1665795894E-2f));
        p = V.Fma(p, r, V.Create(1.6666665459E-1f));
        p = V.Fma(p, r, V.Create(5.0000001201E-1f));
        p = V.Fma(p, r * r, r + V.One);
        return p * V.Pow2(n);
    }

    /// <summary>float32 → bfloat16 bits, round to nearest even (NaN stays a quiet NaN), as libtorch's cast.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort ToBf16(float f)
    {
        uint bits = BitConverter.SingleToUInt32Bits(f);
        if (float.IsNaN(f)) return (ushort)((bits >> 16) | 0x40);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1)) >> 16);
    }

    /// <summary>The element type of a kernel loop: loads and stores as float32 vectors of any width, and the rounding of a result to the type.</summary>
    interface IElem
    {
        static abstract int Size { get; }
        static abstract V L<V>(nint p, long i) where V : struct, IFloatVector<V>;
        static abstract float L1(nint p, long i);
        static abstract void S<V>(nint p, long i, V v) where V : struct, IFloatVector<V>;
        static abstract void S1(nint p, long i, float v);
        static abstract V R<V>(V v) where V : struct, IFloatVector<V>;
        static abstract float R1(float v);
    }

    readonly struct F32 : IElem
    {
        public static int Size => 4;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V L<V>(nint p, long i) where V : struct, IFloatVector<V> => V.Load((float*)p + i);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float L1(nint p, long i) => ((float*)p)[i];
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void S<V>(nint p, long i, V v) where V : struct, IFloatVector<V> => V.Store(v, (float*)p + i);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void S1(nint p, long i, float v) => ((float*)p)[i] = v;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V R<V>(V v) where V : struct, IFloatVector<V> => v;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float R1(float v) => v;
    }

    readonly struct Bf16 : IElem
    {
        public static int Size => 2;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V L<V>(nint p, long i) where V : struct, IFloatVector<V> => V.LoadBf16((ushort*)p + i);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float L1(nint p, long i) => BitConverter.Int32BitsToSingle(((ushort*)p)[i] << 16);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void S<V>(nint p, long i, V v) where V : struct, IFloatVector<V> => V.StoreBf16(v, (ushort*)p + i);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void S1(nint p, long i, float v) => ((ushort*)p)[i] = ToBf16(v);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V R<V>(V v) where V : struct, IFloatVector<V> => V.RoundBf16(v);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float R1(float v) => BitConverter.Int32BitsToSingle(ToBf16(v) << 16);
    }
}
