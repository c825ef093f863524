using System.Buffers.Binary;
using System.Text;
using SharpTune.Text.IO;

namespace SharpTune.Core.Checkpoints.Gguf;

/// <summary>
/// Writes a GGUF v3 file (ggml docs/gguf.md): header, metadata in the order added, tensor infos, then the tensor data,
/// each tensor aligned to <c>general.alignment</c> (32 unless set) and zero-padded. The file is written atomically (temp
/// file + rename); tensor data is produced one tensor at a time, and a cancellation between tensors leaves no file.
/// </summary>
public sealed class GgufWriter
{
    public const uint Version = 3;
    public const string AlignmentKey = "general.alignment";

    readonly List<(string Key, GgufValue Value)> _metadata = [];
    readonly List<(string Name, long[] Dims, GgufTensorType Type, Func<byte[]> Data)> _tensors = [];

    public uint Alignment => _metadata.FirstOrDefault(m => m.Key == AlignmentKey).Value is { Value: uint a } ? a : 32;

    /// <summary>Adds a metadata key (each key once).</summary>
    public void Add(string key, GgufValue value)
    {
        if (_metadata.Any(m => m.Key == key)) throw new ArgumentException($"GGUF metadata key '{key}' is added twice");
        if (key == AlignmentKey && (value.Value is not uint a || a == 0 || a % 8 != 0))
            throw new ArgumentException($"{AlignmentKey} must be a uint32 multiple of 8, got {value}");
        _metadata.Add((key, value));
    }

    /// <summary>Adds a tensor of PyTorch shape <paramref name="torchShape"/>; <paramref name="data"/> is called once, while writing.</summary>
    public void AddTensor(string name, long[] torchShape, GgufTensorType type, Func<byte[]> data)
    {
        if (_tensors.Any(t => t.Name == name)) throw new ArgumentException($"GGUF tensor '{name}' is added twice");
        if (Encoding.UTF8.GetByteCount(name) > GgufReader.MaxTensorNameBytes)
            throw new ArgumentException($"GGUF tensor name '{name}' is longer than {GgufReader.MaxTensorNameBytes} bytes");
        if (torchShape.Length is 0 or > GgufReader.MaxDims) throw new ArgumentException($"GGUF tensor '{name}' must have 1 to {GgufReader.MaxDims} dimensions");
        var dims = torchShape.Reverse().ToArray();                                             // ggml: innermost first
        GgufTensorData.ByteLength(type, dims, name);                                            // validates Q8_0 block fit
        _tensors.Add((name, dims, type, data));
    }

    public void Write(string path, CancellationToken cancellation = default) => AtomicFile.Write(path, s => WriteTo(s, cancellation));

    void WriteTo(Stream stream, CancellationToken cancellation)
    {
        uint align = Alignment;
        var w = new Output(stream);
        w.Bytes("GGUF"u8);
        w.U32(Version);
        w.U64((ulong)_tensors.Count);
        w.U64((ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            w.Str(key);
            w.U32((uint)value.Type);
            WriteValue(w, value);
        }
        long offset = 0;
        var lengths = new List<long>();
        foreach (var (name, dims, type, _) in _tensors)
        {
            w.Str(name);
            w.U32((uint)dims.Length);
            foreach (var d in dims) w.U64((ulong)d);
            w.U32((uint)type);
            w.U64((ulong)offset);
            long len = GgufTensorData.ByteLength(type, dims, name);
            lengths.Add(len);
            offset = Pad(offset + len, align);
        }
        w.Zeros(Pad(w.Position, align) - w.Position);
        for (int i = 0; i < _tensors.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var bytes = _tensors[i].Data();
            if (bytes.Length != lengths[i])
                throw new InvalidOperationException($"GGUF tensor '{_tensors[i].Name}' produced {bytes.Length} bytes, its type and shape need {lengths[i]}");
            w.Bytes(bytes);
            w.Zeros(Pad(bytes.Length, align) - bytes.Length);
        }
        cancellation.ThrowIfCancellationRequested();
    }

    static long Pad(long n, uint align) => (n + align - 1) / align * align;

    static void WriteValue(Output w, GgufValue v)
    {
        if (v.Type != GgufValueType.Array)
        {
            WriteScalar(w, v.Type, v.Value);
            return;
        }
        w.U32((uint)v.ElementType);
        w.U64((ulong)v.Items.Count);
        foreach (var item in v.Items) WriteScalar(w, v.ElementType, item);
    }

    static void WriteScalar(Output w, GgufValueType type, object value)
    {
        Span<byte> b = stackalloc byte[8];
        switch (type)
        {
            case GgufValueType.UInt8: w.Bytes([(byte)value]); break;
            case GgufValueType.Int8: w.Bytes([(byte)(sbyte)value]); break;
            case GgufValueType.Bool: w.Bytes([(bool)value ? (byte)1 : (byte)0]); break;
            case GgufValueType.UInt16: BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value); w.Bytes(b[..2]); break;
            case GgufValueType.Int16: BinaryPrimitives.WriteInt16LittleEndian(b, (short)value); w.Bytes(b[..2]); break;
            case GgufValueType.UInt32: w.U32((uint)value); break;
            case GgufValueType.Int32: BinaryPrimitives.WriteInt32LittleEndian(b, (int)value); w.Bytes(b[..4]); break;
            case GgufValueType.Float32: BinaryPrimitives.WriteSingleLittleEndian(b, (float)value); w.Bytes(b[..4]); break;
            case GgufValueType.UInt64: w.U64((ulong)value); break;
            case GgufValueType.Int64: BinaryPrimitives.WriteInt64LittleEndian(b, (long)value); w.Bytes(b); break;
            case GgufValueType.Float64: BinaryPrimitives.WriteDoubleLittleEndian(b, (double)value); w.Bytes(b); break;
            case GgufValueType.String: w.Str((string)value); break;
            default: throw new ArgumentException($"GGUF value type {type} cannot be nested in an array here");
        }
    }

    sealed class Output(Stream s)
    {
        public long Position { get; private set; }
        public void Bytes(ReadOnlySpan<byte> b) { s.Write(b); Position += b.Length; }
        public void U32(uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); Bytes(b); }
        public void U64(ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); Bytes(b); }
        public void Str(string v) { var b = Encoding.UTF8.GetBytes(v); U64((ulong)b.Length); Bytes(b); }
        public void Zeros(long n) { for (long i = 0; i < n; i++) s.WriteByte(0); Position += n; }
    }
}
