using System.Buffers.Binary;
using System.Text;

namespace SharpTune.Core.Checkpoints.Gguf;

/// <summary>Sequential little-endian reads over a GGUF file's header; every read is checked against the file's length.</summary>
internal sealed class GgufCursor(Stream stream, string path, long length)
{
    /// <summary>No single metadata string needs more (chat templates are kilobytes; a whole vocabulary is an array).</summary>
    const long MaxStringBytes = 64L << 20;
    readonly byte[] _scratch = new byte[8];

    public long Position { get; private set; }
    public long Remaining => length - Position;

    public void Read(Span<byte> dst, string what)
    {
        if (dst.Length > Remaining)
            throw new GgufFormatException($"{path}: the file ends at byte {length} while reading {what} at offset {Position} ({dst.Length} bytes needed); it is truncated");
        stream.ReadExactly(dst);
        Position += dst.Length;
    }

    public byte U8(string what) { Read(_scratch.AsSpan(0, 1), what); return _scratch[0]; }
    public ushort U16(string what) { Read(_scratch.AsSpan(0, 2), what); return BinaryPrimitives.ReadUInt16LittleEndian(_scratch); }
    public uint U32(string what) { Read(_scratch.AsSpan(0, 4), what); return BinaryPrimitives.ReadUInt32LittleEndian(_scratch); }
    public ulong U64(string what) { Read(_scratch.AsSpan(0, 8), what); return BinaryPrimitives.ReadUInt64LittleEndian(_scratch); }

    /// <summary>A u64 count that must fit in what is left of the file at <paramref name="minBytesEach"/> bytes per item.</summary>
    public long Count(string what, long minBytesEach)
    {
        ulong n = U64(what);
        if (n > (ulong)(Remaining / Math.Max(1, minBytesEach)))
            throw new GgufFormatException($"{path}: {what} is {n}, more than the {Remaining} bytes left in the file can hold");
        return (long)n;
    }

    public string Str(string what)
    {
        ulong n = U64(what + " (length)");
        if (n > (ulong)Remaining || n > MaxStringBytes)
            throw new GgufFormatException($"{path}: {what} claims {n} bytes at offset {Position - 8}, but only {Remaining} are left (limit {MaxStringBytes})");
        var b = new byte[n];
        Read(b, what);
        try { return new UTF8Encoding(false, true).GetString(b); }
        catch (DecoderFallbackException e) { throw new GgufFormatException($"{path}: {what} is not valid UTF-8", e); }
    }

    public void Skip(long n, string what)
    {
        if (n > Remaining) throw new GgufFormatException($"{path}: the file ends at byte {length} while skipping {what}; it is truncated");
        stream.Seek(n, SeekOrigin.Current);
        Position += n;
    }
}
