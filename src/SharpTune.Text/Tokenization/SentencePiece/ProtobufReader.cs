namespace SharpTune.Text.Tokenization.SentencePiece;

/// <summary>A minimal, bounds-checked protobuf wire-format reader (varint, fixed32/64, length-delimited).</summary>
internal ref struct ProtobufReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly Func<string, Exception> _error;
    private int _pos;

    public ProtobufReader(ReadOnlySpan<byte> data, Func<string, Exception> error)
    {
        _data = data;
        _error = error;
        _pos = 0;
    }

    public readonly bool End => _pos >= _data.Length;

    /// <summary>Reads the next tag: field number and wire type.</summary>
    public (int Field, int WireType) ReadTag()
    {
        ulong tag = ReadVarint();
        int field = (int)(tag >> 3);
        if (field <= 0) throw _error($"invalid field number {field} at byte {_pos}");
        return (field, (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= _data.Length) throw _error("truncated varint");
            byte b = _data[_pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw _error("varint longer than 10 bytes");
    }

    public float ReadFloat()
    {
        if (_pos + 4 > _data.Length) throw _error("truncated fixed32");
        float v = BitConverter.ToSingle(_data.Slice(_pos, 4));
        _pos += 4;
        return v;
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        ulong len = ReadVarint();
        if (len > (ulong)(_data.Length - _pos)) throw _error($"length {len} at byte {_pos} runs past the end");
        var slice = _data.Slice(_pos, (int)len);
        _pos += (int)len;
        return slice;
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes());

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: Advance(8); break;
            case 2: ReadBytes(); break;
            case 5: Advance(4); break;
            default: throw _error($"unsupported wire type {wireType}");
        }
    }

    private void Advance(int n)
    {
        if (_pos + n > _data.Length) throw _error("truncated field");
        _pos += n;
    }
}
