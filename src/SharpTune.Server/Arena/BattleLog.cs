using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharpTune.Text.IO;

namespace SharpTune.Server.Arena;

/// <summary>
/// Votes in FastChat's battle-log shape: reads a JSON array (<c>clean_battle_*.json</c>) or JSON lines, each with
/// <c>model_a</c>, <c>model_b</c>, <c>winner</c> and optionally <c>judge</c>, <c>question_id</c>, <c>tstamp</c> (other
/// fields are ignored); writes a JSON array of those six fields (plus <c>anony: true</c>, which FastChat's leaderboard
/// filters on), atomically.
/// </summary>
internal static class BattleLog
{
    public static IReadOnlyList<BattleVote> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--votes: {path} does not exist");
        string text = File.ReadAllText(path);
        var records = new List<(JsonNode? Node, int Line)>();
        try
        {
            if (text.TrimStart().StartsWith('['))
            {
                var array = JsonNode.Parse(text) as JsonArray ?? throw new InvalidDataException($"{path}: expected a JSON array of battles");
                records.AddRange(array.Select((n, i) => (n, i + 1)));
            }
            else
            {
                int line = 0;
                foreach (var l in text.Split('\n'))
                {
                    line++;
                    if (!string.IsNullOrWhiteSpace(l)) records.Add((JsonNode.Parse(l), line));
                }
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON or JSON lines ({e.Message})", e);
        }
        return records.Select(r => Parse(path, r.Node, r.Line)).ToList();
    }

    static BattleVote Parse(string path, JsonNode? node, int n)
    {
        string where = $"{path}: battle {n}";
        if (node is not JsonObject o) throw new InvalidDataException($"{where}: expected an object");
        string Field(string key) => o[key] is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0 ? s
            : throw new InvalidDataException($"{where}: '{key}' must be a non-empty string");
        string a = Field("model_a"), b = Field("model_b"), winner = Field("winner");
        if (!BattleVote.Winners.Contains(winner))
            throw new InvalidDataException($"{where}: winner '{winner}' is not one of {string.Join(", ", BattleVote.Winners)}");
        if (a == b) throw new InvalidDataException($"{where}: model_a and model_b are both '{a}'");
        string judge = o["judge"] is JsonValue j && j.TryGetValue(out string? js) ? js : "";
        string? question = o["question_id"] switch
        {
            JsonValue q when q.TryGetValue(out string? qs) => qs,
            JsonValue q when q.TryGetValue(out long ql) => ql.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        double tstamp = o["tstamp"] is JsonValue t && t.TryGetValue(out double ts) ? ts : 0;
        return new BattleVote(a, b, winner, judge, question, tstamp);
    }

    public static void Write(string path, IReadOnlyList<BattleVote> votes)
    {
        var array = new JsonArray(votes.Select(v => (JsonNode)new JsonObject
        {
            ["model_a"] = v.ModelA, ["model_b"] = v.ModelB, ["winner"] = v.Winner, ["judge"] = v.Judge,
            ["question_id"] = v.QuestionId, ["tstamp"] = v.Tstamp, ["anony"] = true,
        }).ToArray());
        AtomicFile.WriteAllText(path, array.ToJsonString(new JsonSerializerOptions { WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }
}
