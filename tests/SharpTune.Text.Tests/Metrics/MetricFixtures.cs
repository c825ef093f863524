using System.Text.Json;

namespace SharpTune.Text.Tests.Metrics;

/// <summary>
/// Locates and reads the golden metric fixtures (tests/Fixtures/metrics at the repository root, or the folder in
/// the SHARPTUNE_METRIC_FIXTURES environment variable) and enumerates their cases by id, so a case added to a
/// file is tested without code changes.
/// </summary>
internal static class MetricFixtures
{
    public const string RougeFile = "rouge_score.json";

    private static readonly Dictionary<string, JsonDocument> Cache = [];
    private static readonly Lock Gate = new();

    public static string Folder
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("SHARPTUNE_METRIC_FIXTURES");
            if (!string.IsNullOrEmpty(env)) return env;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SharpTune.sln")))
                {
                    return Path.Combine(dir.FullName, "tests", "Fixtures", "metrics");
                }
            }
            throw new DirectoryNotFoundException(
                $"No SharpTune.sln above {AppContext.BaseDirectory}; set SHARPTUNE_METRIC_FIXTURES.");
        }
    }

    public static JsonElement Root(string file)
    {
        lock (Gate)
        {
            if (!Cache.TryGetValue(file, out var doc))
            {
                doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file)));
                Cache[file] = doc;
            }
            return doc.RootElement;
        }
    }

    /// <summary>Every fixture file in the folder (*.json).</summary>
    public static IEnumerable<string> AllFiles() =>
        Directory.EnumerateFiles(Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <summary>The family a fixture file belongs to, from its "metric" / "peer" fields: bleu, chrf, rouge, porter, llamafactory or "".</summary>
    public static string Family(string file)
    {
        var root = Root(file);
        string metric = root.TryGetProperty("metric", out var m) ? m.GetString() ?? "" : "";
        string peer = root.TryGetProperty("peer", out var p) ? p.GetString() ?? "" : "";
        if (metric == "BLEU") return "bleu";
        if (metric.StartsWith("chrF", StringComparison.Ordinal)) return "chrf";
        if (peer.StartsWith("rouge-score", StringComparison.Ordinal)) return "rouge";
        if (metric is "porter" or "llamafactory") return metric;
        return "";
    }

    /// <summary>(file, id) of every element of <paramref name="array"/> in every fixture file of a family.</summary>
    public static IEnumerable<object[]> Ids(string family, string array = "cases") =>
        AllFiles().Where(f => Family(f) == family && Root(f).TryGetProperty(array, out _))
            .SelectMany(f => Root(f).GetProperty(array).EnumerateArray()
                .Select(c => new object[] { f, c.GetProperty("id").GetString()! }));

    public static JsonElement Case(string file, string id, string array = "cases") =>
        Root(file).GetProperty(array).EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    public static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    /// <summary>References as sacreBLEU reference streams (null entries allowed).</summary>
    public static IReadOnlyList<IReadOnlyList<string?>> Streams(JsonElement array) =>
        array.EnumerateArray().Select(s => (IReadOnlyList<string?>)s.EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.Null ? null : e.GetString()).ToList()).ToList();

    public static bool Bool(JsonElement obj, string name, bool fallback = false) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    public static double? Double(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>Asserts |actual − expected| &lt; abs_tol, or equality when the fixture says exact.</summary>
    public static void AssertClose(double expected, double actual, JsonElement tolerance, string what)
    {
        if (Bool(tolerance, "exact"))
        {
            Assert.True(expected == actual, $"{what}: expected exactly {expected:R}, got {actual:R}");
            return;
        }
        double tol = Double(tolerance, "abs_tol") ?? throw new InvalidOperationException($"{what}: no abs_tol or exact");
        Assert.True(Math.Abs(actual - expected) < tol, $"{what}: expected {expected:R} ± {tol:R}, got {actual:R}");
    }

    /// <summary>
    /// The informational fields: what sacreBLEU itself computed (within 1e-9) and, when recorded, its signature.
    /// </summary>
    public static void AssertSacreBleuExtras(JsonElement c, double score, string signature, string id)
    {
        if (c.TryGetProperty("sacrebleu_signature", out var expectedSignature))
        {
            Assert.Equal(expectedSignature.GetString(), signature);
        }
        if (Double(c, "sacrebleu_actual_score") is { } actual)
        {
            Assert.True(Math.Abs(actual - score) < 1e-9, $"{id}: sacreBLEU computed {actual:R}, we {score:R}");
        }
    }
}
