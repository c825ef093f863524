using System.Text.Json;

namespace SharpTune.Core.Checkpoints;

/// <summary>Parses and validates a safetensors JSON header.</summary>
internal static class SafetensorsHeader
{
    public static (Dictionary<string, SafetensorsEntry> Entries, Dictionary<string, string> Metadata) Parse(
        byte[] header, string path, long dataStart, long dataLength)
    {
        using var doc = SafetensorsReader.ParseJson(header, path);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new SafetensorsFormatException($"{path}: header must be a JSON object");
        var entries = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var prop in doc.RootElement.EnumerateObject())
        {
            if (prop.Name == "__metadata__")
            {
                if (prop.Value.ValueKind != JsonValueKind.Object)
                    throw new SafetensorsFormatException($"{path}: __metadata__ must be an object of strings");
                foreach (var m in prop.Value.EnumerateObject())
                {
                    if (m.Value.ValueKind != JsonValueKind.String)
                        throw new SafetensorsFormatException($"{path}: __metadata__ value '{m.Name}' is not a string");
                    metadata[m.Name] = m.Value.GetString()!;
                }
                continue;
            }
            entries[prop.Name] = ParseEntry(prop, path, dataStart, dataLength);
        }
        CheckNoOverlap(entries.Values, path, dataStart);
        return (entries, metadata);
    }

    static SafetensorsEntry ParseEntry(JsonProperty prop, string path, long dataStart, long dataLength)
    {
        string name = prop.Name;
        var v = prop.Value;
        if (v.ValueKind != JsonValueKind.Object)
            throw new SafetensorsFormatException($"{path}: tensor '{name}': header entry is not an object");
        if (!v.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
            throw new SafetensorsFormatException($"{path}: tensor '{name}': missing 'dtype'");
        string dtype = dt.GetString()!;
        if (!SafetensorsDType.IsKnown(dtype))
            throw new SafetensorsFormatException($"{path}: tensor '{name}': unknown dtype '{dtype}' (supported: {SafetensorsDType.KnownNames})");
        if (!v.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array)
            throw new SafetensorsFormatException($"{path}: tensor '{name}': missing 'shape'");
        var shape = new long[sh.GetArrayLength()];
        int i = 0;
        foreach (var d in sh.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long dim) || dim < 0)
                throw new SafetensorsFormatException($"{path}: tensor '{name}': shape entries must be non-negative integers");
            shape[i++] = dim;
        }
        if (!v.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
            throw new SafetensorsFormatException($"{path}: tensor '{name}': 'data_offsets' must be [begin, end]");
        if (!off[0].TryGetInt64(out long begin) || !off[1].TryGetInt64(out long end) || begin < 0 || end < begin)
            throw new SafetensorsFormatException($"{path}: tensor '{name}': data_offsets [{off[0]}, {off[1]}] are invalid");
        if (end > dataLength)
            throw new SafetensorsFormatException($"{path}: tensor '{name}': data_offsets end {end} is beyond the data section ({dataLength} bytes); the file is truncated or corrupt");
        long elements;
        try { elements = shape.Aggregate(1L, (a, b) => checked(a * b)); }
        catch (OverflowException) { throw new SafetensorsFormatException($"{path}: tensor '{name}': shape [{string.Join(",", shape)}] is too large"); }
        long expected = elements * SafetensorsDType.ElementSize(dtype);
        if (expected != end - begin)
            throw new SafetensorsFormatException($"{path}: tensor '{name}': shape [{string.Join(",", shape)}] of {dtype} needs {expected} bytes but data_offsets span {end - begin}");
        return new SafetensorsEntry(name, dtype, shape, dataStart + begin, dataStart + end);
    }

    static void CheckNoOverlap(IEnumerable<SafetensorsEntry> entries, string path, long dataStart)
    {
        SafetensorsEntry? prev = null;
        foreach (var e in entries.Where(e => e.ByteLength > 0).OrderBy(e => e.Begin))
        {
            if (prev != null && e.Begin < prev.End)
                throw new SafetensorsFormatException(
                    $"{path}: tensors '{prev.Name}' [{prev.Begin - dataStart}, {prev.End - dataStart}) and '{e.Name}' [{e.Begin - dataStart}, {e.End - dataStart}) overlap");
            prev = e;
        }
    }
}
