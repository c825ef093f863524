using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SharpTune.Core.Checkpoints.Gguf;

/// <summary>
/// Encodes float32 values as ggml tensor data and back: F32, F16 (IEEE half, round to nearest even), BF16 (gguf-py's
/// rounding: nearest even, NaN kept quiet) and Q8_0 (ggml-common.h <c>block_q8_0</c> = f16 scale d + 32 int8; d = max|x| / 127,
/// q = roundf(x · (1/d)), as <c>quantize_row_q8_0_ref</c>). Pure functions over spans.
/// </summary>
public static class GgufTensorData
{
    public const int Q8BlockSize = 32, Q8BlockBytes = 34;

    /// <summary>Bytes a tensor of <paramref name="type"/> with ggml <paramref name="dims"/> (innermost first) occupies.</summary>
    public static long ByteLength(GgufTensorType type, IReadOnlyList<long> dims, string name)
    {
        long n = 1;
        foreach (var d in dims) n = checked(n * d);
        return type switch
        {
            GgufTensorType.F32 => checked(n * 4),
            GgufTensorType.F16 or GgufTensorType.BF16 => checked(n * 2),
            GgufTensorType.Q8_0 => dims.Count > 0 && dims[0] % Q8BlockSize == 0
                ? checked(n / Q8BlockSize * Q8BlockBytes)
                : throw new GgufFormatException($"tensor '{name}': Q8_0 needs the innermost dimension to be a multiple of {Q8BlockSize}, got [{string.Join(", ", dims)}]"),
            _ => throw new GgufFormatException($"tensor '{name}': unsupported ggml type {(uint)type}"),
        };
    }

    /// <summary>Encodes <paramref name="values"/> (C order, innermost dimension last) as <paramref name="type"/>.</summary>
    public static byte[] Encode(ReadOnlySpan<float> values, GgufTensorType type)
    {
        switch (type)
        {
            case GgufTensorType.F32:
                return MemoryMarshal.AsBytes(values).ToArray();
            case GgufTensorType.F16:
            {
                var o = new byte[values.Length * 2];
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteHalfLittleEndian(o.AsSpan(2 * i), (Half)values[i]);
                return o;
            }
            case GgufTensorType.BF16:
            {
                var o = new byte[values.Length * 2];
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(o.AsSpan(2 * i), ToBf16(values[i]));
                return o;
            }
            case GgufTensorType.Q8_0:
                return QuantizeQ8_0(values);
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "unsupported ggml type");
        }
    }

    /// <summary>gguf-py's float32 → bfloat16: round to nearest even; NaN stays a quiet NaN.</summary>
    public static ushort ToBf16(float f)
    {
        uint n = BitConverter.SingleToUInt32Bits(f);
        if ((n & 0x7fffffff) > 0x7f800000) n = (n & 0xffff0000) | (64u << 16);
        return (ushort)((n + (0x7fff + ((n >> 16) & 1))) >> 16);
    }

    static byte[] QuantizeQ8_0(ReadOnlySpan<float> x)
    {
        if (x.Length % Q8BlockSize != 0) throw new ArgumentException($"Q8_0 needs a multiple of {Q8BlockSize} values, got {x.Length}");
        int blocks = x.Length / Q8BlockSize;
        var o = new byte[blocks * Q8BlockBytes];
        for (int b = 0; b < blocks; b++)
        {
            var block = x.Slice(b * Q8BlockSize, Q8BlockSize);
            float amax = 0;
            foreach (var v in block) amax = Math.Max(amax, Math.Abs(v));
            float d = amax / 127f;
            float id = d != 0 ? 1f / d : 0f;
            var dst = o.AsSpan(b * Q8BlockBytes, Q8BlockBytes);
            BinaryPrimitives.WriteHalfLittleEndian(dst, (Half)d);
            for (int j = 0; j < Q8BlockSize; j++) dst[2 + j] = (byte)(sbyte)MathF.Round(block[j] * id, MidpointRounding.AwayFromZero);
        }
        return o;
    }

    /// <summary>Decodes <paramref name="data"/> of <paramref name="type"/> to float32 (<paramref name="count"/> values).</summary>
    public static float[] Decode(ReadOnlySpan<byte> data, GgufTensorType type, long count)
    {
        var o = new float[count];
        switch (type)
        {
            case GgufTensorType.F32:
                MemoryMarshal.Cast<byte, float>(data[..checked((int)(count * 4))]).CopyTo(o);
                break;
            case GgufTensorType.F16:
                for (int i = 0; i < o.Length; i++) o[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(data[(2 * i)..]);
                break;
            case GgufTensorType.BF16:
                for (int i = 0; i < o.Length; i++) o[i] = BitConverter.UInt32BitsToSingle((uint)BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]) << 16);
                break;
            case GgufTensorType.Q8_0:
                for (int b = 0; b < o.Length / Q8BlockSize; b++)
                {
                    var src = data.Slice(b * Q8BlockBytes, Q8BlockBytes);
                    float d = (float)BinaryPrimitives.ReadHalfLittleEndian(src);
                    for (int j = 0; j < Q8BlockSize; j++) o[b * Q8BlockSize + j] = d * (sbyte)src[2 + j];
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "unsupported ggml type");
        }
        return o;
    }
}
