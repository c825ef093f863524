namespace SharpTune.Server.Tests.Arena;

/// <summary>Prediction files as LLaMA-Factory writes them, for two or three models over the same prompts.</summary>
internal static class ArenaFixtures
{
    public const string ScriptAnswer = "<script>document.title='pwned'</script><b>bold?</b>";

    public static string Predictions(TempDir dir, string name, int items, Func<int, string> answer)
    {
        var lines = Enumerable.Range(0, items).Select(i => System.Text.Json.JsonSerializer.Serialize(new { prompt = $"Question {i}: say something", predict = answer(i), label = "ref" }));
        return dir.Write($"{name}.jsonl", string.Join("\n", lines) + "\n");
    }

    /// <summary>"--predictions" value for models <paramref name="names"/>; the first model answers item 0 with a script tag.</summary>
    public static string PredictionsFlag(TempDir dir, int items, params string[] names) =>
        string.Join(",", names.Select((n, k) => $"{n}={Predictions(dir, n, items, i => k == 0 && i == 0 ? ScriptAnswer : $"reply {k}.{i}")}"));
}
