using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace SharpTune.Core.Data;

/// <summary>One raw record of a data file and where it came from ("file:line" or "file item N").</summary>
/// <summary>A line that could not be parsed carries <see cref="Error"/> instead of a value, so it can be skipped and counted.</summary>
public readonly record struct DataRow(JsonElement Value, string Location, string? Error = null);

/// <summary>
/// Streams the records of local data files — JSON (array or one object per line), JSONL, CSV, Parquet,
/// plain text (one "text" record per non-empty line) — each optionally gzipped, or every such file in a folder.
/// Memory stays bounded by one record (one row group for Parquet).
/// </summary>
public static class RowSource
{
    public static readonly string[] Extensions = [".json", ".jsonl", ".csv", ".parquet", ".txt"];

    public static IEnumerable<DataRow> Read(string path)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.GetFiles(path).Where(f => Extensions.Contains(Ext(f))).Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0) throw new DataFormatException($"{path}: folder has no {string.Join(", ", Extensions)} files");
            return files.SelectMany(ReadFile);
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: data file not found", path);
        return ReadFile(path);
    }

    static string Ext(string path) => Path.GetExtension(path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path).ToLowerInvariant();

    static Stream Open(string path)
    {
        Stream s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(s, CompressionMode.Decompress) : s;
    }

    static IEnumerable<DataRow> ReadFile(string path) => Ext(path) switch
    {
        ".json" or ".jsonl" => ReadJson(path),
        ".csv" => TabularReaders.Csv(path, Open(path)),
        ".parquet" => TabularReaders.Parquet(path),
        ".txt" => ReadText(path),
        var e => throw new DataFormatException($"{path}: unsupported data file type '{e}' (supported: {string.Join(", ", Extensions)}, optionally .gz)"),
    };

    static bool StartsWithArray(string path)
    {
        using var s = Open(path);
        int b;
        while ((b = s.ReadByte()) >= 0)
            if (b is not (' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF)) return b == '[';
        return false;
    }

    static IEnumerable<DataRow> ReadJson(string path)
    {
        if (StartsWithArray(path))
        {
            using var s = Open(path);
            int i = 0;
            var items = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(s).ToBlockingEnumerable().GetEnumerator();
            while (true)
            {
                try { if (!items.MoveNext()) break; }
                catch (JsonException ex) { throw new DataFormatException($"{path} line {ex.LineNumber + 1}: not valid JSON ({ex.Message})", ex); }
                i++;
                yield return new DataRow(items.Current, $"{path} item {i}");
            }
            yield break;
        }
        using var reader = new StreamReader(Open(path));
        int line = 0;
        string? text;
        while ((text = reader.ReadLine()) != null)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            JsonElement e = default;
            string? error = null;
            try { e = JsonDocument.Parse(text).RootElement; }
            catch (JsonException ex) { error = $"{path}:{line}: not valid JSON ({ex.Message})"; }
            yield return new DataRow(e, $"{path}:{line}", error);
        }
    }

    static IEnumerable<DataRow> ReadText(string path)
    {
        using var reader = new StreamReader(Open(path));
        int line = 0;
        string? text;
        while ((text = reader.ReadLine()) != null)
        {
            line++;
            if (text.Length == 0) continue;
            yield return new DataRow(JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["text"] = text }), $"{path}:{line}");
        }
    }

    internal static string Describe(JsonValueKind k) => k.ToString().ToLower(CultureInfo.InvariantCulture);
}
