using System.Text.Json;
using TorchSharp;
using SharpTune.Text.IO;

namespace SharpTune.Core.Checkpoints;

/// <summary>
/// The weights of a Hugging Face model folder: one <c>model.safetensors</c> or the shards named by
/// <c>model.safetensors.index.json</c>. Tensors are read lazily, one at a time.
/// </summary>
public sealed class CheckpointStore : IDisposable
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    readonly Dictionary<string, SafetensorsReader> _byTensor;
    readonly List<SafetensorsReader> _readers;

    public string Directory { get; }
    public IEnumerable<string> Names => _byTensor.Keys;

    CheckpointStore(string dir, Dictionary<string, SafetensorsReader> byTensor, List<SafetensorsReader> readers)
    {
        Directory = dir; _byTensor = byTensor; _readers = readers;
    }

    /// <summary>Opens the weights in <paramref name="dir"/> (a folder, or a single .safetensors file).</summary>
    public static CheckpointStore Open(string dir)
    {
        if (File.Exists(dir) && dir.EndsWith(".safetensors", StringComparison.Ordinal))
        {
            var r = SafetensorsReader.Open(dir);
            return new CheckpointStore(Path.GetDirectoryName(Path.GetFullPath(dir))!, r.Names.ToDictionary(n => n, _ => r, StringComparer.Ordinal), [r]);
        }
        if (!System.IO.Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: model folder not found");
        string single = Path.Combine(dir, SingleFile), index = Path.Combine(dir, IndexFile);
        if (File.Exists(single)) return Open(single);
        if (File.Exists(index)) return OpenSharded(dir, index);
        if (File.Exists(Path.Combine(dir, "pytorch_model.bin")))
            throw new NotSupportedException($"{dir}: only safetensors weights are supported (pytorch_model.bin is a pickle, which SharpTune never loads); convert it with save_pretrained(safe_serialization=True)");
        throw new FileNotFoundException($"{dir}: no {SingleFile} or {IndexFile}");
    }

    static CheckpointStore OpenSharded(string dir, string index)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(index));
        if (!doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            throw new SafetensorsFormatException($"{index}: missing object 'weight_map'");
        var readers = new Dictionary<string, SafetensorsReader>(StringComparer.Ordinal);
        var byTensor = new Dictionary<string, SafetensorsReader>(StringComparer.Ordinal);
        try
        {
            foreach (var p in map.EnumerateObject())
            {
                string file = p.Value.GetString() ?? throw new SafetensorsFormatException($"{index}: weight_map['{p.Name}'] is not a file name");
                if (file.Contains('/') || file.Contains('\\') || file.Contains(".."))
                    throw new SafetensorsFormatException($"{index}: weight_map['{p.Name}'] = '{file}' must be a file name in the same folder");
                if (!readers.TryGetValue(file, out var r))
                    readers[file] = r = SafetensorsReader.Open(Path.Combine(dir, file));
                if (!r.Contains(p.Name))
                    throw new SafetensorsFormatException($"{index}: tensor '{p.Name}' is mapped to {file}, which does not contain it");
                byTensor[p.Name] = r;
            }
        }
        catch
        {
            foreach (var r in readers.Values) r.Dispose();
            throw;
        }
        return new CheckpointStore(dir, byTensor, readers.Values.ToList());
    }

    public bool Contains(string name) => _byTensor.ContainsKey(name);

    public SafetensorsEntry Entry(string name) => Reader(name).Entry(name);

    public torch.Tensor Read(string name, torch.ScalarType? castTo = null) => Reader(name).Read(name, castTo);

    SafetensorsReader Reader(string name) =>
        _byTensor.TryGetValue(name, out var r) ? r : throw new KeyNotFoundException($"{Directory}: checkpoint has no tensor '{name}'");

    public void Dispose()
    {
        foreach (var r in _readers) r.Dispose();
    }

    /// <summary>
    /// Saves tensors as a Hugging Face model folder: one file when the total fits in <paramref name="maxShardBytes"/>,
    /// otherwise numbered shards plus the index. Every file is written atomically; the index is written last.
    /// <paramref name="written"/> hears each file name once it is complete (an exception it throws, e.g. a cancellation,
    /// stops the save there).
    /// </summary>
    public static void Save(string dir, IReadOnlyList<KeyValuePair<string, torch.Tensor>> tensors, long maxShardBytes = 5L << 30, Action<string>? written = null)
    {
        System.IO.Directory.CreateDirectory(dir);
        var meta = new Dictionary<string, string> { ["format"] = "pt" };
        long Bytes(torch.Tensor t) => t.NumberOfElements * t.ElementSize;
        var shards = new List<List<KeyValuePair<string, torch.Tensor>>> { new() };
        long current = 0;
        foreach (var kv in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            long b = Bytes(kv.Value);
            if (current > 0 && current + b > maxShardBytes) { shards.Add([]); current = 0; }
            shards[^1].Add(kv);
            current += b;
        }
        if (shards.Count == 1)
        {
            SafetensorsWriter.Write(Path.Combine(dir, SingleFile), shards[0], meta);
            written?.Invoke(SingleFile);
            return;
        }
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < shards.Count; i++)
        {
            string name = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            SafetensorsWriter.Write(Path.Combine(dir, name), shards[i], meta);
            written?.Invoke(name);
            foreach (var kv in shards[i]) weightMap[kv.Key] = name;
        }
        var indexJson = new { metadata = new { total_size = tensors.Sum(kv => Bytes(kv.Value)) }, weight_map = weightMap };
        AtomicFile.WriteAllText(Path.Combine(dir, IndexFile), JsonSerializer.Serialize(indexJson, new JsonSerializerOptions { WriteIndented = true }));
        written?.Invoke(IndexFile);
    }
}
