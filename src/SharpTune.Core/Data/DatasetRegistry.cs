using System.Text.Json;
using SharpTune.Core.Configuration;

namespace SharpTune.Core.Data;

/// <summary>Reads `dataset_info.json` (LLaMA-Factory's dataset registry) from a dataset folder.</summary>
public static class DatasetRegistry
{
    public const string FileName = "dataset_info.json";

    /// <summary>The entries named in <paramref name="names"/> (comma-separated), in order.</summary>
    public static IReadOnlyList<DatasetAttr> Resolve(string datasetDir, IReadOnlyList<string> names)
    {
        var all = Load(datasetDir);
        var result = new List<DatasetAttr>();
        foreach (var name in names)
        {
            if (all.TryGetValue(name, out var attr)) { result.Add(attr); continue; }
            string? near = ArgumentNames.Closest(name, all.Keys);
            throw new DataFormatException($"{Path.Combine(datasetDir, FileName)}: no dataset named '{name}'"
                + (near != null ? $" (did you mean '{near}'?)" : $" (defined: {string.Join(", ", all.Keys.Order(StringComparer.Ordinal))})"));
        }
        return result;
    }

    public static Dictionary<string, DatasetAttr> Load(string datasetDir)
    {
        string path = Path.Combine(datasetDir, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: dataset registry not found (dataset_dir is '{datasetDir}')", path);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new DataFormatException($"{path} line {e.LineNumber + 1}: not valid JSON ({e.Message})", e); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new DataFormatException($"{path}: must be a JSON object of dataset entries");
            var result = new Dictionary<string, DatasetAttr>(StringComparer.Ordinal);
            foreach (var e in doc.RootElement.EnumerateObject()) result[e.Name] = Parse(e.Name, e.Value, path);
            return result;
        }
    }

    static DatasetAttr Parse(string name, JsonElement v, string path)
    {
        string where = $"{path}: dataset '{name}'";
        if (v.ValueKind != JsonValueKind.Object) throw new DataFormatException($"{where} must be an object");
        string? Str(JsonElement o, string key) => o.TryGetProperty(key, out var p)
            ? p.ValueKind == JsonValueKind.String ? p.GetString() : p.ValueKind == JsonValueKind.Null ? null
                : throw new DataFormatException($"{where}: '{key}' must be a string")
            : null;
        string? file = Str(v, "file_name");
        if (file is null)
        {
            string? remote = new[] { "hf_hub_url", "ms_hub_url", "om_hub_url", "script_url", "cloud_file_name" }.FirstOrDefault(k => v.TryGetProperty(k, out _));
            throw new DataFormatException(remote != null
                ? $"{where} uses '{remote}': SharpTune reads local files only (nothing is downloaded); download it and set 'file_name'"
                : $"{where} has no 'file_name'");
        }
        string formatting = Str(v, "formatting") ?? "alpaca";
        if (formatting is not ("alpaca" or "sharegpt"))
            throw new DataFormatException($"{where}: formatting '{formatting}' is not one of alpaca, sharegpt");
        bool ranking = v.TryGetProperty("ranking", out var r) && r.ValueKind == JsonValueKind.True;
        int? numSamples = v.TryGetProperty("num_samples", out var ns) && ns.ValueKind == JsonValueKind.Number ? ns.GetInt32() : null;
        var attr = new DatasetAttr { Name = name, FileName = file, Formatting = formatting, Ranking = ranking, NumSamples = numSamples };
        if (v.TryGetProperty("columns", out var c))
        {
            if (c.ValueKind != JsonValueKind.Object) throw new DataFormatException($"{where}: 'columns' must be an object");
            attr = attr with
            {
                Prompt = Str(c, "prompt") ?? attr.Prompt, Query = Str(c, "query") ?? attr.Query, Response = Str(c, "response") ?? attr.Response,
                History = Str(c, "history"), Messages = Str(c, "messages") ?? attr.Messages, System = Str(c, "system"), Tools = Str(c, "tools"),
            };
        }
        if (v.TryGetProperty("tags", out var t))
        {
            if (t.ValueKind != JsonValueKind.Object) throw new DataFormatException($"{where}: 'tags' must be an object");
            attr = attr with
            {
                RoleTag = Str(t, "role_tag") ?? attr.RoleTag, ContentTag = Str(t, "content_tag") ?? attr.ContentTag,
                UserTag = Str(t, "user_tag") ?? attr.UserTag, AssistantTag = Str(t, "assistant_tag") ?? attr.AssistantTag,
                ObservationTag = Str(t, "observation_tag") ?? attr.ObservationTag, FunctionTag = Str(t, "function_tag") ?? attr.FunctionTag,
                SystemTag = Str(t, "system_tag") ?? attr.SystemTag,
            };
        }
        return attr;
    }
}
