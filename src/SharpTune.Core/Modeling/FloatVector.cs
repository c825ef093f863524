// The float32 vector the CPU kernels are written in, generic over its width: each kernel has one implementation,
// compiled by the JIT for 256-bit vectors (AVX2) or 512-bit ones (AVX-512) as CpuKernels.VectorBits says. .NET 10 keeps
// its own ISimdVector interface internal, so this is the small part of it the kernels use: arithmetic, FMA, loads and
// stores in float32 and bfloat16, masks, and the two horizontal reductions. Float256 and Float512 are thin wrappers
// the JIT keeps in registers; only the bfloat16 conversions differ between them beyond the type names.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SharpTune.Core.Modeling;

internal unsafe interface IFloatVector<V> where V : struct, IFloatVector<V>
{
    /// <summary>Lanes per vector: 8 or 16.</summary>
    static abstract int Count { get; }
    static abstract V Zero { get; }
    static abstract V One { get; }
    /// <summary>0, 1, 2, … in the lanes.</summary>
    static abstract V Indices { get; }
    static abstract V Create(float x);
    static abstract V Load(float* p);
    static abstract void Store(V v, float* p);
    /// <summary>Count bfloat16 values widened to float32 (exact).</summary>
    static abstract V LoadBf16(ushort* p);
    /// <summary>Narrows to bfloat16 with round to nearest even (NaN stays a quiet NaN), as libtorch casts.</summary>
    static abstract void StoreBf16(V v, ushort* p);
    /// <summary>The float32 value of each lane rounded to bfloat16: StoreBf16 then LoadBf16, in registers.</summary>
    static abstract V RoundBf16(V v);

    static abstract V operator +(V a, V b);
    static abstract V operator -(V a, V b);
    static abstract V operator *(V a, V b);
    static abstract V operator /(V a, V b);
    static abstract V operator -(V a);

    static abstract V Min(V a, V b);
    static abstract V Max(V a, V b);
    /// <summary>Round to the nearest integer, ties to even.</summary>
    static abstract V Round(V v);
    /// <summary>a · b + c with one rounding.</summary>
    static abstract V Fma(V a, V b, V c);
    /// <summary>2ⁿ for integral n in [−126, 127], built from the exponent bits.</summary>
    static abstract V Pow2(V n);
    /// <summary>All bits set in the lanes where a &lt; b, else 0.</summary>
    static abstract V LessThan(V a, V b);
    /// <summary>Lanes of a where the mask is set, of b elsewhere.</summary>
    static abstract V Select(V mask, V a, V b);
    static abstract float Sum(V v);
    static abstract float MaxAcross(V v);
}

/// <summary>Scalar bfloat16 helpers shared by the vector types.</summary>
internal static class Bf16Bits
{
    /// <summary>The high 16 bits of float32 lanes rounded to nearest even, a quiet NaN for NaN; in the low 16 bits of each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Round(Vector256<float> f)
    {
        var bits = f.AsUInt32();
        var rounded = (bits + Vector256.Create(0x7FFFu) + ((bits >> 16) & Vector256<uint>.One)) >> 16;
        var nan = ~Vector256.Equals(f, f).AsUInt32();
        return Vector256.ConditionalSelect(nan, (bits >> 16) | Vector256.Create(0x40u), rounded);
    }

    /// <inheritdoc cref="Round(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Round(Vector512<float> f)
    {
        var bits = f.AsUInt32();
        var rounded = (bits + Vector512.Create(0x7FFFu) + ((bits >> 16) & Vector512<uint>.One)) >> 16;
        var nan = ~Vector512.Equals(f, f).AsUInt32();
        return Vector512.ConditionalSelect(nan, (bits >> 16) | Vector512.Create(0x40u), rounded);
    }
}
