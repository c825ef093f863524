using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SharpTune.Text.Tests.Curation;

/// <summary>
/// The clean fixture pairs plus corrupted copies of some of them, one kind of damage each (misaligned, truncated,
/// swapped sides, wrong language, mojibake, copy, duplicate, lost placeholders), written as one JSONL file with a
/// "clean" flag the filter never reads.
/// </summary>
internal static partial class CorruptedPairs
{
    public static readonly string[] Kinds = ["misaligned", "truncated", "swapped", "wrong_language", "mojibake", "copy", "duplicate", "lost_placeholders"];

    public static string FixturePath => Path.Combine(AppContext.BaseDirectory, "Fixtures", "data", "curation_clean_pairs.jsonl");

    public static List<(string Id, string En, string Es)> Clean() =>
        [.. File.ReadLines(FixturePath).Select(l => JsonNode.Parse(l)!).Select(n => ((string)n["id"]!, (string)n["en"]!, (string)n["es"]!))];

    /// <summary>Writes the file: every clean pair in order, and after every third one a corrupted copy of another.</summary>
    public static string Write(string dir, int seed = 5)
    {
        var clean = Clean();
        var random = new Random(seed);
        var sb = new StringBuilder();
        int corrupted = 0;
        for (int i = 0; i < clean.Count; i++)
        {
            Append(sb, clean[i].Id, clean[i].En, clean[i].Es, "clean");
            if (i % 3 != 2) continue;
            string kind = Kinds[corrupted++ % Kinds.Length];
            var (id, en, es) = clean[random.Next(i + 1)];             // an earlier pair, so a duplicate follows its original
            var other = clean[(i + 1 + random.Next(clean.Count - 1)) % clean.Count];
            if (kind == "lost_placeholders" && !Placeholder().IsMatch(es)) kind = "truncated";
            if (kind == "mojibake" && es.All(c => c < 128)) kind = "misaligned";
            (string en2, string es2) = kind switch
            {
                "misaligned" => (en, other.Es),
                "truncated" => (en, string.Join(' ', es.Split(' ').Take(Math.Max(1, es.Split(' ').Length * 2 / 5)))),
                "swapped" => (es, en),
                "wrong_language" => (en, other.En),
                "mojibake" => (en, Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(es))),
                "copy" => (en, en),
                "duplicate" => (en.ToUpperInvariant(), es.Replace(",", "", StringComparison.Ordinal)),
                _ => (en, Placeholder().Replace(es, "")),
            };
            Append(sb, id + "~" + kind, en2, es2, kind);
        }
        string path = Path.Combine(dir, "corrupted.jsonl");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    static void Append(StringBuilder sb, string id, string en, string es, string kind) =>
        sb.Append(JsonSerializer.Serialize(new { id, en, es, kind })).Append('\n');

    [GeneratedRegex(@"\{ ?[$-][\w-]+ ?\}|%\d?\$?S")]
    private static partial Regex Placeholder();
}
