// The two widths of IFloatVector: the same members over Vector256 and Vector512 (only the type names and the half
// vector used for bfloat16 differ). Kernels never name these types; CpuKernels picks one per call.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static System.Runtime.CompilerServices.MethodImplOptions;

namespace SharpTune.Core.Modeling;

/// <summary>256-bit float32 vectors (8 lanes): AVX2.</summary>
internal readonly unsafe struct Float256 : IFloatVector<Float256>
{
    readonly Vector256<float> v;
    Float256(Vector256<float> v) => this.v = v;

    public static int Count => 8;
    public static Float256 Zero => new(Vector256<float>.Zero);
    public static Float256 One => new(Vector256<float>.One);
    public static Float256 Indices => new(Vector256<float>.Indices);
    [MethodImpl(AggressiveInlining)] public static Float256 Create(float x) => new(Vector256.Create(x));
    [MethodImpl(AggressiveInlining)] public static Float256 Load(float* p) => new(Vector256.Load(p));
    [MethodImpl(AggressiveInlining)] public static void Store(Float256 a, float* p) => a.v.Store(p);
    [MethodImpl(AggressiveInlining)] public static Float256 LoadBf16(ushort* p) => new((Vector256.WidenLower(Vector128.Load(p).ToVector256Unsafe()) << 16).AsSingle());
    [MethodImpl(AggressiveInlining)]
    public static void StoreBf16(Float256 a, ushort* p)
    {
        var bits = Bf16Bits.Round(a.v);
        Vector128.Narrow(bits.GetLower(), bits.GetUpper()).Store(p);
    }
    [MethodImpl(AggressiveInlining)] public static Float256 RoundBf16(Float256 a) => new((Bf16Bits.Round(a.v) << 16).AsSingle());

    [MethodImpl(AggressiveInlining)] public static Float256 operator +(Float256 a, Float256 b) => new(a.v + b.v);
    [MethodImpl(AggressiveInlining)] public static Float256 operator -(Float256 a, Float256 b) => new(a.v - b.v);
    [MethodImpl(AggressiveInlining)] public static Float256 operator *(Float256 a, Float256 b) => new(a.v * b.v);
    [MethodImpl(AggressiveInlining)] public static Float256 operator /(Float256 a, Float256 b) => new(a.v / b.v);
    [MethodImpl(AggressiveInlining)] public static Float256 operator -(Float256 a) => new(-a.v);
    [MethodImpl(AggressiveInlining)] public static Float256 Min(Float256 a, Float256 b) => new(Vector256.Min(a.v, b.v));
    [MethodImpl(AggressiveInlining)] public static Float256 Max(Float256 a, Float256 b) => new(Vector256.Max(a.v, b.v));
    [MethodImpl(AggressiveInlining)] public static Float256 Round(Float256 a) => new(Vector256.Round(a.v));
    [MethodImpl(AggressiveInlining)] public static Float256 Fma(Float256 a, Float256 b, Float256 c) => new(Vector256.FusedMultiplyAdd(a.v, b.v, c.v));
    [MethodImpl(AggressiveInlining)] public static Float256 Pow2(Float256 n) => new(((Vector256.ConvertToInt32(n.v) + Vector256.Create(127)) << 23).AsSingle());
    [MethodImpl(AggressiveInlining)] public static Float256 LessThan(Float256 a, Float256 b) => new(Vector256.LessThan(a.v, b.v));
    [MethodImpl(AggressiveInlining)] public static Float256 Select(Float256 mask, Float256 a, Float256 b) => new(Vector256.ConditionalSelect(mask.v, a.v, b.v));
    [MethodImpl(AggressiveInlining)] public static float Sum(Float256 a) => Vector256.Sum(a.v);
    [MethodImpl(AggressiveInlining)]
    public static float MaxAcross(Float256 a)
    {
        var m = Vector128.Max(a.v.GetLower(), a.v.GetUpper());
        float r = float.NegativeInfinity;
        for (int j = 0; j < 4; j++) r = MathF.Max(r, m[j]);
        return r;
    }
}

/// <summary>512-bit float32 vectors (16 lanes): AVX-512.</summary>
internal readonly unsafe struct Float512 : IFloatVector<Float512>
{
    readonly Vector512<float> v;
    Float512(Vector512<float> v) => this.v = v;

    public static int Count => 16;
    public static Float512 Zero => new(Vector512<float>.Zero);
    public static Float512 One => new(Vector512<float>.One);
    public static Float512 Indices => new(Vector512<float>.Indices);
    [MethodImpl(AggressiveInlining)] public static Float512 Create(float x) => new(Vector512.Create(x));
    [MethodImpl(AggressiveInlining)] public static Float512 Load(float* p) => new(Vector512.Load(p));
    [MethodImpl(AggressiveInlining)] public static void Store(Float512 a, float* p) => a.v.Store(p);
    [MethodImpl(AggressiveInlining)] public static Float512 LoadBf16(ushort* p) => new((Vector512.WidenLower(Vector256.Load(p).ToVector512Unsafe()) << 16).AsSingle());
    [MethodImpl(AggressiveInlining)]
    public static void StoreBf16(Float512 a, ushort* p)
    {
        var bits = Bf16Bits.Round(a.v);
        Vector256.Narrow(bits.GetLower(), bits.GetUpper()).Store(p);
    }
    [MethodImpl(AggressiveInlining)] public static Float512 RoundBf16(Float512 a) => new((Bf16Bits.Round(a.v) << 16).AsSingle());

    [MethodImpl(AggressiveInlining)] public static Float512 operator +(Float512 a, Float512 b) => new(a.v + b.v);
    [MethodImpl(AggressiveInlining)] public static Float512 operator -(Float512 a, Float512 b) => new(a.v - b.v);
    [MethodImpl(AggressiveInlining)] public static Float512 operator *(Float512 a, Float512 b) => new(a.v * b.v);
    [MethodImpl(AggressiveInlining)] public static Float512 operator /(Float512 a, Float512 b) => new(a.v / b.v);
    [MethodImpl(AggressiveInlining)] public static Float512 operator -(Float512 a) => new(-a.v);
    [MethodImpl(AggressiveInlining)] public static Float512 Min(Float512 a, Float512 b) => new(Vector512.Min(a.v, b.v));
    [MethodImpl(AggressiveInlining)] public static Float512 Max(Float512 a, Float512 b) => new(Vector512.Max(a.v, b.v));
    [MethodImpl(AggressiveInlining)] public static Float512 Round(Float512 a) => new(Vector512.Round(a.v));
    [MethodImpl(AggressiveInlining)] public static Float512 Fma(Float512 a, Float512 b, Float512 c) => new(Vector512.FusedMultiplyAdd(a.v, b.v, c.v));
    [MethodImpl(AggressiveInlining)] public static Float512 Pow2(Float512 n) => new(((Vector512.ConvertToInt32(n.v) + Vector512.Create(127)) << 23).AsSingle());
    [MethodImpl(AggressiveInlining)] public static Float512 LessThan(Float512 a, Float512 b) => new(Vector512.LessThan(a.v, b.v));
    [MethodImpl(AggressiveInlining)] public static Float512 Select(Float512 mask, Float512 a, Float512 b) => new(Vector512.ConditionalSelect(mask.v, a.v, b.v));
    [MethodImpl(AggressiveInlining)] public static float Sum(Float512 a) => Vector512.Sum(a.v);
    [MethodImpl(AggressiveInlining)]
    public static float MaxAcross(Float512 a)
    {
        var m = Vector256.Max(a.v.GetLower(), a.v.GetUpper());
        float r = float.NegativeInfinity;
        for (int j = 0; j < 8; j++) r = MathF.Max(r, m[j]);
        return r;
    }
}
