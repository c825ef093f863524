using System.Globalization;
using System.Text.Json;
using SharpTune.Server.Api;
using SharpTune.Server.Experiments;

namespace SharpTune.Server.Storage;

/// <summary>Routed responses and the feedback on them; each write is one committed transaction.</summary>
internal sealed class ExperimentStore(SqliteDatabase db)
{
    public SqliteDatabase Database => db;

    /// <summary>Stores (replacing by name) the experiments as configured now, so reports can check their splits.</summary>
    public void SaveDefinitions(IReadOnlyList<ExperimentDefinition> experiments) => db.Write((c, t) =>
    {
        foreach (var e in experiments)
        {
            using var cmd = SqliteDatabase.Command(c, t, "INSERT OR REPLACE INTO experiments VALUES ($p0, $p1, $p2, $p3, $p4)", e.Name, e.Alias,
                JsonSerializer.Serialize(e.Variants.ToDictionary(v => v.Key, v => v.ServedModel)),
                JsonSerializer.Serialize(e.Variants.ToDictionary(v => v.Key, v => v.Weight)),
                DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            cmd.ExecuteNonQuery();
        }
        return 0;
    });

    /// <summary>The experiments as last configured, by name.</summary>
    public IReadOnlyList<ExperimentDefinition> Definitions() => db.Read(c =>
    {
        using var cmd = SqliteDatabase.Command(c, null, "SELECT name, alias, variants, split FROM experiments ORDER BY name");
        using var r = cmd.ExecuteReader();
        var list = new List<ExperimentDefinition>();
        while (r.Read())
        {
            var models = JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(2))!;
            var split = JsonSerializer.Deserialize<Dictionary<string, double>>(r.GetString(3))!;
            list.Add(new ExperimentDefinition(r.GetString(0), r.GetString(1),
                models.Select(m => new ExperimentVariant(m.Key, m.Value, split.GetValueOrDefault(m.Key))).ToList()));
        }
        return list;
    });

    /// <summary>Stores a finished completion; a repeated response id is an error (ids are unique per response).</summary>
    public void Record(CompletionRecord r) => db.Write((c, t) =>
    {
        using var cmd = SqliteDatabase.Command(c, t,
            "INSERT INTO responses VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12)",
            r.ResponseId, r.Route.Experiment, r.Route.Variant, r.Route.ServedModel, r.RequestedModel, r.Route.UserId,
            r.Route.Sticky ? 1 : 0, r.LatencyMs, r.TimeToFirstTokenMs, r.PromptTokens, r.CompletionTokens, r.FinishReason,
            r.Created.ToString("O", CultureInfo.InvariantCulture));
        return cmd.ExecuteNonQuery();
    });

    /// <summary>Stores feedback on <paramref name="responseId"/>; false (and nothing stored) when no such response exists.</summary>
    public bool AddFeedback(string responseId, FeedbackRating rating, string? comment, DateTimeOffset when) => db.Write((c, t) =>
    {
        using (var find = SqliteDatabase.Command(c, t, "SELECT 1 FROM responses WHERE response_id = $p0", responseId))
        {
            if (find.ExecuteScalar() is null) return false;
        }
        using var cmd = SqliteDatabase.Command(c, t, "INSERT INTO feedback(response_id, rating, score, comment, created) VALUES ($p0, $p1, $p2, $p3, $p4)",
            responseId, rating.Text, rating.Score, comment, when.ToString("O", CultureInfo.InvariantCulture));
        cmd.ExecuteNonQuery();
        return true;
    });

    /// <summary>The experiment names that have responses, in order of name.</summary>
    public IReadOnlyList<string> Experiments() => db.Read(c =>
    {
        using var cmd = SqliteDatabase.Command(c, null, "SELECT DISTINCT experiment FROM responses ORDER BY experiment");
        using var r = cmd.ExecuteReader();
        var names = new List<string>();
        while (r.Read()) names.Add(r.GetString(0));
        return names;
    });

    /// <summary>Every response of <paramref name="experiment"/> with its feedback count and latest rating.</summary>
    public IReadOnlyList<ResponseRow> Responses(string experiment) => db.Read(c =>
    {
        using var cmd = SqliteDatabase.Command(c, null, """
            SELECT r.response_id, r.experiment, r.variant, r.user_id, r.sticky, r.latency_ms, r.prompt_tokens, r.completion_tokens,
                   (SELECT COUNT(*) FROM feedback f WHERE f.response_id = r.response_id),
                   (SELECT f.rating FROM feedback f WHERE f.response_id = r.response_id ORDER BY f.id DESC LIMIT 1),
                   (SELECT f.score FROM feedback f WHERE f.response_id = r.response_id ORDER BY f.id DESC LIMIT 1)
            FROM responses r WHERE r.experiment = $p0 ORDER BY r.created
            """, experiment);
        using var r = cmd.ExecuteReader();
        var rows = new List<ResponseRow>();
        while (r.Read())
        {
            var rating = r.IsDBNull(9) ? null : new FeedbackRating(r.GetString(9), r.GetDouble(10));
            rows.Add(new ResponseRow(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetInt64(4) != 0,
                r.GetDouble(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), rating));
        }
        return rows;
    });

    /// <summary>All feedback rows as (response id, rating) pairs, oldest first.</summary>
    public IReadOnlyList<(string ResponseId, string Rating)> Feedback() => db.Read(c =>
    {
        using var cmd = SqliteDatabase.Command(c, null, "SELECT response_id, rating FROM feedback ORDER BY id");
        using var r = cmd.ExecuteReader();
        var rows = new List<(string, string)>();
        while (r.Read()) rows.Add((r.GetString(0), r.GetString(1)));
        return rows;
    });
}
