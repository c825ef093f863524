using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace SharpTune.Text.Curation;

/// <summary>
/// Writes records to a temporary file beside the target and renames it over the target on <see cref="Commit"/>
/// (a reader never sees a torn file). JSONL by default, a JSON array when the name ends in .json, gzip when it ends
/// in .gz. Records are written as given (compacted to one line for JSONL).
/// </summary>
public sealed class RecordWriter : IDisposable
{
    private readonly string _path, _tmp;
    private readonly FileStream _file;
    private readonly Stream? _gzip;
    private readonly StreamWriter _writer;
    private readonly bool _array;
    private bool _committed;
    private long _count;

    /// <summary>Opens a temporary file for <paramref name="path"/>.</summary>
    public RecordWriter(string path)
    {
        _path = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(_path)!;
        Directory.CreateDirectory(dir);
        _tmp = Path.Combine(dir, $".{Path.GetFileName(_path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        _file = new FileStream(_tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        bool gz = _path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        string plain = gz ? _path[..^3] : _path;
        _array = plain.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        _gzip = gz ? new GZipStream(_file, CompressionLevel.Fastest, leaveOpen: true) : null;
        _writer = new StreamWriter(_gzip ?? _file, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        if (_array) _writer.Write('[');
    }

    /// <summary>Records written so far.</summary>
    public long Count => _count;

    /// <summary>Writes one record's JSON text.</summary>
    public void Write(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (_array) _writer.Write(_count == 0 ? "\n" : ",\n");
        _writer.Write(json.Contains('\n', StringComparison.Ordinal) ? Compact(json) : json);
        if (!_array) _writer.Write('\n');
        _count++;
    }

    /// <summary>Finishes the file and moves it into place.</summary>
    public void Commit()
    {
        if (_array) _writer.Write("\n]\n");
        _writer.Dispose();
        _gzip?.Dispose();
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        File.Move(_tmp, _path, overwrite: true);
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless committed.</summary>
    public void Dispose()
    {
        if (_committed) return;
        _writer.Dispose();
        _gzip?.Dispose();
        _file.Dispose();
        try { File.Delete(_tmp); } catch (IOException) { }
    }

    static string Compact(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(doc.RootElement);
    }
}
