using System.Text;
using System.Text.Json;
using TorchSharp;
using SharpTune.Text.IO;

namespace SharpTune.Core.Checkpoints;

/// <summary>
/// Writes .safetensors files atomically (temp file in the same folder, then rename). Entries are ordered by
/// name and the header is space-padded to a multiple of 8 bytes, so the same tensors give the same bytes.
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> (any device, any layout) to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, torch.Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var items = tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var dup = items.GroupBy(kv => kv.Key).FirstOrDefault(g => g.Count() > 1);
        if (dup != null) throw new ArgumentException($"{path}: tensor name '{dup.Key}' appears twice");
        byte[] header = BuildHeader(items, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> len = stackalloc byte[8];
            BitConverter.TryWriteBytes(len, (ulong)header.Length);
            stream.Write(len);
            stream.Write(header);
            foreach (var (_, t) in items)
            {
                using var scope = torch.NewDisposeScope();
                var cpu = t.detach().cpu().contiguous();
                if (cpu.NumberOfElements > 0) stream.Write(cpu.bytes);
            }
        });
    }

    static byte[] BuildHeader(List<KeyValuePair<string, torch.Tensor>> items, IReadOnlyDictionary<string, string>? metadata)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, t) in items)
            {
                string dtype = SafetensorsDType.FromScalarType(t.dtype);
                long bytes = t.NumberOfElements * SafetensorsDType.ElementSize(dtype);
                w.WriteStartObject(name);
                w.WriteString("dtype", dtype);
                w.WriteStartArray("shape");
                foreach (var d in t.shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += bytes;
            }
            w.WriteEndObject();
        }
        var json = ms.ToArray();
        int padded = (json.Length + 7) / 8 * 8;
        var header = new byte[padded];
        json.CopyTo(header, 0);
        for (int i = json.Length; i < padded; i++) header[i] = (byte)' ';
        return header;
    }

    /// <summary>The UTF-8 bytes of a string (helper for tests that build malformed files).</summary>
    internal static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
