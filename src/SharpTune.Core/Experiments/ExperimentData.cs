using System.Text.Json;
using System.Text.Json.Nodes;
using SharpTune.Text.IO;

namespace SharpTune.Core.Experiments;

/// <summary>
/// The experiment's own dataset folder (OUTPUT/data): a dataset_info.json with every bundled dataset (file_name made
/// absolute, so nothing is copied; the folder is the run's, not for committing) plus the subsets an experiment derives (a family split, a filtered pool, a
/// converted corpus), written as JSONL. Runs that use a subset point dataset_dir here.
/// </summary>
public sealed class ExperimentData
{
    readonly string _source;
    readonly JsonObject _info;

    public string Dir { get; }

    public ExperimentData(ExperimentSettings settings)
    {
        _source = Path.GetFullPath(settings.DatasetDir);
        Dir = Path.Combine(settings.OutputDir, "data");
        Directory.CreateDirectory(Dir);
        string file = Path.Combine(_source, "dataset_info.json");
        _info = JsonNode.Parse(File.ReadAllText(file)) as JsonObject ?? throw new FormatException($"{file}: the top level must be an object");
        foreach (var (name, entry) in _info)
            if (entry is JsonObject o && o["file_name"]?.GetValue<string>() is { } f)
                o["file_name"] = Path.Combine(_source, f);
        Save();
    }

    /// <summary>The path of the bundled dataset <paramref name="name"/>'s file.</summary>
    public string FileOf(string name) => _info[name]?["file_name"]?.GetValue<string>()
        ?? throw new ArgumentException($"{Path.Combine(_source, "dataset_info.json")}: no dataset named '{name}' with a file_name");

    /// <summary>The rows of a bundled JSONL dataset as JSON objects (line numbers in errors).</summary>
    public IReadOnlyList<JsonObject> ReadJsonl(string name)
    {
        string file = FileOf(name);
        var rows = new List<JsonObject>();
        int line = 0;
        foreach (var text in File.ReadLines(file))
        {
            line++;
            if (text.Trim().Length == 0) continue;
            rows.Add(JsonNode.Parse(text) as JsonObject ?? throw new FormatException($"{file} line {line}: expected a JSON object"));
        }
        return rows;
    }

    /// <summary>Writes <paramref name="rows"/> as NAME.jsonl (alpaca columns unless <paramref name="columns"/> says otherwise) and registers it.</summary>
    public string Add(string name, IEnumerable<JsonObject> rows, JsonObject? columns = null)
    {
        string file = Path.Combine(Dir, name + ".jsonl");
        AtomicFile.WriteAllText(file, string.Concat(rows.Select(r => r.ToJsonString(Json) + "\n")));
        var entry = new JsonObject { ["file_name"] = name + ".jsonl" };
        if (columns is not null) entry["columns"] = columns;
        _info[name] = entry;
        Save();
        return name;
    }

    /// <summary>Writes a plain-text corpus (one text per line, for stage pt) as NAME.txt and registers it.</summary>
    public string AddText(string name, IEnumerable<string> lines)
    {
        string file = Path.Combine(Dir, name + ".txt");
        AtomicFile.WriteAllText(file, string.Concat(lines.Select(l => l + "\n")));
        _info[name] = new JsonObject { ["file_name"] = name + ".txt", ["columns"] = new JsonObject { ["prompt"] = "text" } };
        Save();
        return name;
    }

    static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    void Save() => AtomicFile.WriteAllText(Path.Combine(Dir, "dataset_info.json"), _info.ToJsonString(new JsonSerializerOptions(Json) { WriteIndented = true }));
}
