using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using TorchSharp;

namespace SharpTune.Core.Checkpoints;

/// <summary>
/// Reads a .safetensors file (format: 8-byte little-endian header length, JSON header, raw data).
/// Tensors are read straight from the file into the tensor's own storage, so loading needs no second copy
/// in memory. Every length and offset is checked before use: a malformed file raises
/// <see cref="SafetensorsFormatException"/> naming the file and the tensor.
/// </summary>
public sealed class SafetensorsReader : IDisposable
{
    /// <summary>The same cap the reference Rust implementation uses for the JSON header.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    readonly SafeFileHandle _handle;
    readonly Dictionary<string, SafetensorsEntry> _entries;

    public string Path { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public IReadOnlyCollection<SafetensorsEntry> Entries => _entries.Values;
    public IEnumerable<string> Names => _entries.Keys;

    SafetensorsReader(string path, SafeFileHandle handle, Dictionary<string, SafetensorsEntry> entries, Dictionary<string, string> metadata)
    {
        Path = path; _handle = handle; _entries = entries; Metadata = metadata;
    }

    /// <summary>Opens and validates the header of <paramref name="path"/>.</summary>
    public static SafetensorsReader Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            long fileLength = RandomAccess.GetLength(handle);
            if (fileLength < 8) throw new SafetensorsFormatException($"{path}: file is {fileLength} bytes, too short for the 8-byte header length");
            Span<byte> lenBytes = stackalloc byte[8];
            ReadExactly(handle, lenBytes, 0, path);
            ulong headerLen = BitConverter.ToUInt64(lenBytes);
            if (headerLen > MaxHeaderBytes)
                throw new SafetensorsFormatException($"{path}: header length {headerLen} exceeds the {MaxHeaderBytes}-byte limit");
            if ((long)headerLen > fileLength - 8)
                throw new SafetensorsFormatException($"{path}: header length {headerLen} goes beyond the end of the file ({fileLength} bytes); the file is truncated or not safetensors");
            var headerBytes = new byte[headerLen];
            ReadExactly(handle, headerBytes, 8, path);
            long dataStart = 8 + (long)headerLen;
            var (entries, metadata) = SafetensorsHeader.Parse(headerBytes, path, dataStart, fileLength - dataStart);
            return new SafetensorsReader(path, handle, entries, metadata);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => _entries.ContainsKey(name);

    public SafetensorsEntry Entry(string name) =>
        _entries.TryGetValue(name, out var e) ? e : throw new KeyNotFoundException($"{Path}: no tensor named '{name}'");

    /// <summary>Reads one tensor (CPU), optionally cast to <paramref name="castTo"/>.</summary>
    public torch.Tensor Read(string name, torch.ScalarType? castTo = null)
    {
        var e = Entry(name);
        var t = torch.empty(e.Shape, SafetensorsDType.ToScalarType(e.DType));
        if (e.ByteLength > 0) ReadExactly(_handle, t.bytes, e.Begin, Path);
        if (castTo is { } dt && dt != t.dtype)
        {
            var cast = t.to_type(dt);
            t.Dispose();
            return cast;
        }
        return t;
    }

    /// <summary>Reads one tensor's raw bytes into <paramref name="destination"/> (which must be exactly its size).</summary>
    public void ReadInto(string name, Span<byte> destination)
    {
        var e = Entry(name);
        if (destination.Length != e.ByteLength)
            throw new ArgumentException($"{Path}: tensor '{name}' has {e.ByteLength} bytes, destination has {destination.Length}");
        ReadExactly(_handle, destination, e.Begin, Path);
    }

    static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset, string path)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer[done..], offset + done);
            if (n <= 0) throw new SafetensorsFormatException($"{path}: unexpected end of file at offset {offset + done}");
            done += n;
        }
    }

    public void Dispose() => _handle.Dispose();

    internal static string Utf8(byte[] b) => Encoding.UTF8.GetString(b);
    internal static JsonDocument ParseJson(byte[] b, string path)
    {
        try { return JsonDocument.Parse(b); }
        catch (JsonException ex) { throw new SafetensorsFormatException($"{path}: header is not valid JSON ({ex.Message})", ex); }
    }
}
