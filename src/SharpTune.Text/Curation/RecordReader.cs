using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace SharpTune.Text.Curation;

/// <summary>
/// Streams records from JSONL (one object per line), a JSON array, or either gzip-compressed, extracting the two
/// sides per <see cref="RecordFormat"/>. A bad record is a <see cref="CurationInputException"/> naming file:line, or,
/// with skipping on, is counted by cause and left out.
/// </summary>
public sealed class RecordReader
{
    private readonly string _path;
    private readonly RecordFormat _format;
    private readonly Stratification _strata;

    /// <summary>Creates a reader of <paramref name="path"/>.</summary>
    public RecordReader(string path, RecordFormat format, Stratification? strata = null)
    {
        _path = path;
        _format = format;
        _strata = strata ?? Stratification.None;
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found.", path);
    }

    /// <summary>Skip records that cannot be read instead of failing; <see cref="Skipped"/> counts them by cause.</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>Records skipped in the last pass, by cause.</summary>
    public Dictionary<string, int> Skipped { get; } = new(StringComparer.Ordinal);

    /// <summary>The records, in file order (each call reads the file again).</summary>
    public IEnumerable<CurationRecord> Read()
    {
        Skipped.Clear();
        using var stream = Open(_path);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        int first = reader.Peek();
        while (first >= 0 && char.IsWhiteSpace((char)first)) { reader.Read(); first = reader.Peek(); }
        if (first == '[')
        {
            foreach (var r in ReadArray(reader)) yield return r;
            yield break;
        }
        int line = 0;
        for (string? text; (text = reader.ReadLine()) != null;)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var record = Parse(text, line, "line");
            if (record != null) yield return record;
        }
    }

    IEnumerable<CurationRecord> ReadArray(StreamReader reader)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(reader.ReadToEnd()); }
        catch (JsonException e) { throw new CurationInputException($"{_path}: not a valid JSON array ({e.Message}).", e) { Cause = "invalid_json" }; }
        using (doc)
        {
            int index = 0;
            foreach (var element in doc.RootElement.EnumerateArray())
            {
                index++;
                var record = Parse(element.GetRawText(), index, "record");
                if (record != null) yield return record;
            }
        }
    }

    CurationRecord? Parse(string json, int line, string unit)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Bad($"{_path}:{unit} {line}: expected a JSON object, found {root.ValueKind.ToString().ToLowerInvariant()}.", "not_an_object");
            var (a, b) = SideExtractor.Extract(root, _format, m => Bad($"{_path}:{unit} {line}: {m.Message}", m.Cause));
            string? id = root.TryGetProperty("id", out var idEl) ? (idEl.ValueKind == JsonValueKind.String ? idEl.GetString() : idEl.GetRawText()) : null;
            return new CurationRecord(line, json, a, b, _strata.GroupOf(root, a), id);
        }
        catch (JsonException e)
        {
            return Skip(new CurationInputException($"{_path}:{unit} {line}: not valid JSON ({e.Message}).", e) { Cause = "invalid_json" });
        }
        catch (CurationInputException e)
        {
            return Skip(e);
        }
    }

    CurationRecord? Skip(CurationInputException e)
    {
        if (!SkipInvalid) throw e;
        Skipped[e.Cause] = Skipped.GetValueOrDefault(e.Cause) + 1;
        return null;
    }

    static CurationInputException Bad(string message, string cause) => new(message) { Cause = cause };

    /// <summary>Opens a file, decompressing gzip (by magic bytes, whatever the name).</summary>
    public static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        int n = file.Read(magic);
        file.Position = 0;
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }
}
