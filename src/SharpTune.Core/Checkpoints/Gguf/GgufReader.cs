using Microsoft.Win32.SafeHandles;

namespace SharpTune.Core.Checkpoints.Gguf;

/// <summary>
/// Reads a GGUF v2/v3 file: metadata and tensor infos are parsed and validated on open (every count, length, type,
/// dimension and offset checked against the file), tensor data is read on demand. A malformed file raises
/// <see cref="GgufFormatException"/> naming the file and the key or tensor; it never reads out of range.
/// </summary>
public sealed class GgufReader : IDisposable
{
    public const int MaxDims = 4, MaxTensorNameBytes = 64;
    readonly SafeFileHandle _handle;
    readonly Dictionary<string, GgufTensorInfo> _byName;

    public string Path { get; }
    public uint Version { get; }
    public uint Alignment { get; }
    public long DataStart { get; }
    /// <summary>Metadata in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> Metadata { get; }
    /// <summary>Tensors in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    GgufReader(string path, SafeFileHandle handle, uint version, uint alignment, long dataStart,
        List<KeyValuePair<string, GgufValue>> metadata, List<GgufTensorInfo> tensors)
    {
        Path = path; _handle = handle; Version = version; Alignment = alignment; DataStart = dataStart;
        Metadata = metadata; Tensors = tensors;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public static GgufReader Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var c = new GgufCursor(fs, path, fs.Length);
        Span<byte> magic = stackalloc byte[4];
        c.Read(magic, "the magic number");
        if (!magic.SequenceEqual("GGUF"u8))
            throw new GgufFormatException($"{path}: not a GGUF file (the first bytes are {Convert.ToHexString(magic)}, expected 47475546 'GGUF')");
        uint version = c.U32("the version");
        if (version is not (2 or 3)) throw new GgufFormatException($"{path}: GGUF version {version} is not supported (expected 2 or 3)");
        long tensorCount = c.Count("tensor_count", 32);                                          // name length + n_dims + dim + type + offset
        long kvCount = c.Count("metadata_kv_count", 13);                                         // key length + type + 1-byte value
        var metadata = new List<KeyValuePair<string, GgufValue>>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < kvCount; i++)
        {
            string key = c.Str($"metadata key #{i}");
            if (!keys.Add(key)) throw new GgufFormatException($"{path}: metadata key '{key}' appears twice");
            metadata.Add(new(key, ReadValue(c, path, key)));
        }
        uint alignment = 32;
        if (metadata.FirstOrDefault(m => m.Key == GgufWriter.AlignmentKey).Value is { } av)
        {
            if (av.Value is not uint a || a == 0 || a % 8 != 0)
                throw new GgufFormatException($"{path}: {GgufWriter.AlignmentKey} is {av}, expected a uint32 multiple of 8");
            alignment = a;
        }
        var infos = new List<(string Name, long[] Dims, GgufTensorType Type, long Offset)>();
        for (long i = 0; i < tensorCount; i++) infos.Add(ReadTensorInfo(c, path, i));
        long dataStart = (c.Position + alignment - 1) / alignment * alignment;
        long dataLength = fs.Length - dataStart;
        if (tensorCount > 0 && dataLength < 0) throw new GgufFormatException($"{path}: the file ends before its tensor data begins (offset {dataStart}); it is truncated");
        var tensors = infos.Select(t => Check(t, path, alignment, dataStart, dataLength)).ToList();
        CheckNoOverlap(tensors, path);
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return new GgufReader(path, handle, version, alignment, dataStart, metadata, tensors);
    }

    static GgufValue ReadValue(GgufCursor c, string path, string key)
    {
        uint type = c.U32($"the type of '{key}'");
        if (type == (uint)GgufValueType.Array)
        {
            uint elem = c.U32($"the element type of '{key}'");
            if (elem == (uint)GgufValueType.Array || !Enum.IsDefined((GgufValueType)elem))
                throw new GgufFormatException($"{path}: metadata '{key}' is an array of unknown or nested type {elem}");
            long n = c.Count($"the length of array '{key}'", MinSize((GgufValueType)elem));
            var items = new List<object>((int)Math.Min(n, 1 << 20));
            for (long i = 0; i < n; i++) items.Add(ReadScalar(c, (GgufValueType)elem, $"'{key}'[{i}]"));
            return new GgufValue(GgufValueType.Array, items, (GgufValueType)elem);
        }
        if (!Enum.IsDefined((GgufValueType)type)) throw new GgufFormatException($"{path}: metadata '{key}' has unknown value type {type}");
        return new GgufValue((GgufValueType)type, ReadScalar(c, (GgufValueType)type, $"'{key}'"));
    }

    static long MinSize(GgufValueType t) => t switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        _ => 8,                                                                                  // 64-bit values; a string's length
    };

    static object ReadScalar(GgufCursor c, GgufValueType t, string what) => t switch
    {
        GgufValueType.UInt8 => c.U8(what),
        GgufValueType.Int8 => (sbyte)c.U8(what),
        GgufValueType.Bool => c.U8(what) switch { 0 => false, 1 => true, var b => throw new GgufFormatException($"{what}: bool byte is {b}, expected 0 or 1") },
        GgufValueType.UInt16 => c.U16(what),
        GgufValueType.Int16 => (short)c.U16(what),
        GgufValueType.UInt32 => c.U32(what),
        GgufValueType.Int32 => (int)c.U32(what),
        GgufValueType.Float32 => BitConverter.UInt32BitsToSingle(c.U32(what)),
        GgufValueType.UInt64 => c.U64(what),
        GgufValueType.Int64 => (long)c.U64(what),
        GgufValueType.Float64 => BitConverter.UInt64BitsToDouble(c.U64(what)),
        GgufValueType.String => c.Str(what),
        _ => throw new GgufFormatException($"{what}: unexpected value type {t}"),
    };

    static (string, long[], GgufTensorType, long) ReadTensorInfo(GgufCursor c, string path, long i)
    {
        string name = c.Str($"the name of tensor #{i}");
        uint nDims = c.U32($"n_dims of tensor '{name}'");
        if (nDims is 0 or > MaxDims) throw new GgufFormatException($"{path}: tensor '{name}' has {nDims} dimensions, expected 1 to {MaxDims}");
        var dims = new long[nDims];
        for (int d = 0; d < nDims; d++)
        {
            ulong v = c.U64($"dimension {d} of tensor '{name}'");
            if (v is 0 or > int.MaxValue) throw new GgufFormatException($"{path}: tensor '{name}' dimension {d} is {v}, expected 1 to {int.MaxValue}");
            dims[d] = (long)v;
        }
        uint type = c.U32($"the type of tensor '{name}'");
        if (!Enum.IsDefined((GgufTensorType)type))
            throw new GgufFormatException($"{path}: tensor '{name}' has ggml type {type}; supported: F32 0, F16 1, Q8_0 8, BF16 30");
        ulong offset = c.U64($"the offset of tensor '{name}'");
        if (offset > long.MaxValue) throw new GgufFormatException($"{path}: tensor '{name}' offset {offset} is out of range");
        return (name, dims, (GgufTensorType)type, (long)offset);
    }

    static GgufTensorInfo Check((string Name, long[] Dims, GgufTensorType Type, long Offset) t, string path, uint alignment, long dataStart, long dataLength)
    {
        long bytes;
        try { bytes = GgufTensorData.ByteLength(t.Type, t.Dims, t.Name); }
        catch (OverflowException) { throw new GgufFormatException($"{path}: tensor '{t.Name}' shape [{string.Join(", ", t.Dims)}] is too large"); }
        catch (GgufFormatException e) { throw new GgufFormatException($"{path}: {e.Message}"); }
        if (t.Offset % alignment != 0) throw new GgufFormatException($"{path}: tensor '{t.Name}' offset {t.Offset} is not a multiple of the alignment {alignment}");
        if (t.Offset > dataLength || bytes > dataLength - t.Offset)
            throw new GgufFormatException($"{path}: tensor '{t.Name}' spans [{t.Offset}, {t.Offset + bytes}) of the data section, which has {Math.Max(0, dataLength)} bytes; the file is truncated or corrupt");
        return new GgufTensorInfo(t.Name, t.Dims, t.Type, t.Offset, dataStart + t.Offset);
    }

    static void CheckNoOverlap(List<GgufTensorInfo> tensors, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tensors)
            if (!seen.Add(t.Name)) throw new GgufFormatException($"{path}: tensor '{t.Name}' appears twice");
        GgufTensorInfo? prev = null;
        foreach (var t in tensors.OrderBy(t => t.Offset))
        {
            if (prev != null && t.Offset < prev.Offset + prev.ByteLength)
                throw new GgufFormatException($"{path}: tensors '{prev.Name}' and '{t.Name}' overlap in the data section");
            prev = t;
        }
    }

    public GgufValue? Get(string key) => Metadata.FirstOrDefault(m => m.Key == key).Value;

    public GgufTensorInfo Tensor(string name) =>
        _byName.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"{Path}: no tensor named '{name}'");

    public byte[] ReadBytes(string name)
    {
        var t = Tensor(name);
        var b = new byte[t.ByteLength];
        int done = 0;
        while (done < b.Length)
        {
            int n = RandomAccess.Read(_handle, b.AsSpan(done), t.AbsoluteOffset + done);
            if (n <= 0) throw new GgufFormatException($"{Path}: unexpected end of file in tensor '{name}'");
            done += n;
        }
        return b;
    }

    /// <summary>A tensor's values as float32 (dequantized), C order of <see cref="GgufTensorInfo.TorchShape"/>.</summary>
    public float[] ReadFloats(string name) => GgufTensorData.Decode(ReadBytes(name), Tensor(name).Type, Tensor(name).ElementCount);

    public void Dispose() => _handle.Dispose();
}
