// The 64-bit word vectors of FastDropout's counter-based generator, generic over the width like IFloatVector: the
// SplitMix64 hash is written once over IWordVector; each word's four 16-bit fields decide four elements.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static System.Runtime.CompilerServices.MethodImplOptions;

namespace SharpTune.Core.Modeling;

internal unsafe interface IWordVector<U> where U : struct, IWordVector<U>
{
    /// <summary>64-bit lanes per vector: 4 or 8 (16 or 32 elements).</summary>
    static abstract int Count { get; }
    static abstract U Create(ulong x);
    /// <summary>w, w + 1, … in the lanes.</summary>
    static abstract U Counters(ulong w);
    static abstract U operator +(U a, U b);
    static abstract U operator *(U a, U b);
    static abstract U operator ^(U a, U b);
    static abstract U operator >>(U a, int shift);
    /// <summary>dst = src with the elements whose 16-bit field of z is ≥ keepBelow set to 0 (4·Count bfloat16 elements).</summary>
    static abstract void SelectBf16(U z, ushort keepBelow, ushort* src, ushort* dst);
    /// <summary>As <see cref="SelectBf16"/> for 4·Count float32 elements.</summary>
    static abstract void SelectF32(U z, ushort keepBelow, float* src, float* dst);
}

/// <summary>256-bit vectors of 4 64-bit words (16 elements per vector).</summary>
internal readonly unsafe struct Words256 : IWordVector<Words256>
{
    readonly Vector256<ulong> v;
    Words256(Vector256<ulong> v) => this.v = v;

    public static int Count => 4;
    [MethodImpl(AggressiveInlining)] public static Words256 Create(ulong x) => new(Vector256.Create(x));
    [MethodImpl(AggressiveInlining)] public static Words256 Counters(ulong w) => new(Vector256.Create(w) + Vector256<ulong>.Indices);
    [MethodImpl(AggressiveInlining)] public static Words256 operator +(Words256 a, Words256 b) => new(a.v + b.v);
    [MethodImpl(AggressiveInlining)] public static Words256 operator *(Words256 a, Words256 b) => new(a.v * b.v);
    [MethodImpl(AggressiveInlining)] public static Words256 operator ^(Words256 a, Words256 b) => new(a.v ^ b.v);
    [MethodImpl(AggressiveInlining)] public static Words256 operator >>(Words256 a, int shift) => new(a.v >> shift);

    [MethodImpl(AggressiveInlining)]
    public static void SelectBf16(Words256 z, ushort keepBelow, ushort* src, ushort* dst)
    {
        var drop = Vector256.GreaterThanOrEqual(z.v.AsUInt16(), Vector256.Create(keepBelow));   // lane 4·w + j = field j of word w
        Vector256.ConditionalSelect(drop, Vector256<ushort>.Zero, Vector256.Load(src)).Store(dst);
    }

    [MethodImpl(AggressiveInlining)]
    public static void SelectF32(Words256 z, ushort keepBelow, float* src, float* dst)
    {
        var drop = Vector256.GreaterThanOrEqual(z.v.AsUInt16(), Vector256.Create(keepBelow)).AsInt16();
        var lo = Vector256.WidenLower(drop).AsSingle();                                    // sign-extended: all ones where dropped
        var hi = Vector256.WidenUpper(drop).AsSingle();
        Vector256.ConditionalSelect(lo, Vector256<float>.Zero, Vector256.Load(src)).Store(dst);
        Vector256.ConditionalSelect(hi, Vector256<float>.Zero, Vector256.Load(src + 8)).Store(dst + 8);
    }
}

/// <summary>512-bit vectors of 8 64-bit words (32 elements per vector).</summary>
internal readonly unsafe struct Words512 : IWordVector<Words512>
{
    readonly Vector512<ulong> v;
    Words512(Vector512<ulong> v) => this.v = v;

    public static int Count => 8;
    [MethodImpl(AggressiveInlining)] public static Words512 Create(ulong x) => new(Vector512.Create(x));
    [MethodImpl(AggressiveInlining)] public static Words512 Counters(ulong w) => new(Vector512.Create(w) + Vector512<ulong>.Indices);
    [MethodImpl(AggressiveInlining)] public static Words512 operator +(Words512 a, Words512 b) => new(a.v + b.v);
    [MethodImpl(AggressiveInlining)] public static Words512 operator *(Words512 a, Words512 b) => new(a.v * b.v);
    [MethodImpl(AggressiveInlining)] public static Words512 operator ^(Words512 a, Words512 b) => new(a.v ^ b.v);
    [MethodImpl(AggressiveInlining)] public static Words512 operator >>(Words512 a, int shift) => new(a.v >> shift);

    [MethodImpl(AggressiveInlining)]
    public static void SelectBf16(Words512 z, ushort keepBelow, ushort* src, ushort* dst)
    {
        var drop = Vector512.GreaterThanOrEqual(z.v.AsUInt16(), Vector512.Create(keepBelow));   // lane 4·w + j = field j of word w
        Vector512.ConditionalSelect(drop, Vector512<ushort>.Zero, Vector512.Load(src)).Store(dst);
    }

    [MethodImpl(AggressiveInlining)]
    public static void SelectF32(Words512 z, ushort keepBelow, float* src, float* dst)
    {
        var drop = Vector512.GreaterThanOrEqual(z.v.AsUInt16(), Vector512.Create(keepBelow)).AsInt16();
        var lo = Vector512.WidenLower(drop).AsSingle();                                    // sign-extended: all ones where dropped
        var hi = Vector512.WidenUpper(drop).AsSingle();
        Vector512.ConditionalSelect(lo, Vector512<float>.Zero, Vector512.Load(src)).Store(dst);
        Vector512.ConditionalSelect(hi, Vector512<float>.Zero, Vector512.Load(src + 16)).Store(dst + 16);
    }
}
