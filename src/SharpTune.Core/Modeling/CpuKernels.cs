// Kernels written directly over CPU tensor memory for the elementwise work of a training step, where libtorch makes
// several passes (and allocations) per op: each kernel reads its inputs once and writes its outputs once, computing in
// float32 with 512-bit vectors. Work from 64 K elements is split over libtorch's own OpenMP threads (Native.OmpTeam). Each loop is generic over the element type
// (float32 or bfloat16), so the JIT compiles one branch-free loop per type with every pointer in a register.
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
    /// Whether the model should use the kernels for this tensor: float32 or bfloat16 on a CPU with 512-bit vectors. The
    /// kernels themselves run anywhere (.NET emulates the vectors), only slower than libtorch's ops without them.
    /// </summary>
    public static bool Supports(Tensor t) => InModel && Takes(t);

    /// <summary>
    /// Whether the model takes the kernels where they apply: by default where 512-bit vectors are hardware accelerated.
    /// Settable so that tests run the model both on the kernels and on libtorch's ops, whatever the CPU (set only from
    /// tests that run alone: every model in the process follows it).
    /// </summary>
    internal static bool InModel { get; set; } = Vector512.IsHardwareAccelerated;

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
