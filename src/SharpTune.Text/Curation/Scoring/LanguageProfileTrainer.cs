using System.Globalization;
using System.IO.Compression;
using System.Text;
using SharpTune.Text.IO;

namespace SharpTune.Text.Curation.Scoring;

/// <summary>
/// Builds a <see cref="LanguageIdentifier"/> profile: the <c>top</c> most frequent character trigrams of each
/// language's text (after <see cref="LanguageIdentifier.Normalize"/>), with their counts, written as gzip TSV.
/// </summary>
public static class LanguageProfileTrainer
{
    /// <summary>Counts trigrams of up to <paramref name="maxChars"/> characters per language and keeps the <paramref name="top"/> most frequent.</summary>
    public static string Build(IReadOnlyList<(string Language, IEnumerable<string> Texts)> languages, int top = 3000, int maxChars = 2_000_000)
    {
        ArgumentNullException.ThrowIfNull(languages);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var sb = new StringBuilder("# sharptune langid profile v1\n");
        var tables = new List<(string Lang, long Total, List<KeyValuePair<string, long>> Top)>();
        foreach (var (lang, texts) in languages)
        {
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            long total = 0, chars = 0;
            foreach (string text in texts)
            {
                char a = ' ', b = ' ';
                foreach (char c in LanguageIdentifier.Normalize(text))
                {
                    if (!(a == ' ' && b == ' '))
                    {
                        string key = new([a, b, c]);
                        counts[key] = counts.GetValueOrDefault(key) + 1;
                        total++;
                    }
                    (a, b) = (b, c);
                }
                chars += text.Length;
                if (chars >= maxChars) break;
            }
            if (total == 0) throw new ArgumentException($"The texts for language '{lang}' contain no letters.", nameof(languages));
            tables.Add((lang, total, counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(top).ToList()));
        }
        foreach (var t in tables) sb.Append('@').Append(t.Lang).Append('\t').Append(t.Total.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var t in tables)
            foreach (var (key, count) in t.Top)
                sb.Append(t.Lang).Append('\t').Append(key).Append('\t').Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Writes <paramref name="profile"/> to <paramref name="path"/> atomically, gzip-compressed when the name ends in .gz.</summary>
    public static void Save(string profile, string path)
    {
        ArgumentNullException.ThrowIfNull(profile);
        AtomicFile.Write(path, s =>
        {
            var bytes = new UTF8Encoding(false).GetBytes(profile);
            if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) { s.Write(bytes); return; }
            using var gz = new GZipStream(s, CompressionLevel.SmallestSize, leaveOpen: true);
            gz.Write(bytes);
        });
    }

    /// <summary>
    /// The texts of a training file: one per line of a text file, or the string field <paramref name="field"/> of
    /// each JSON line (JSONL, optionally gzip-compressed).
    /// </summary>
    public static IEnumerable<string> ReadTexts(string path, string? field)
    {
        using var reader = new StreamReader(RecordReader.Open(path), Encoding.UTF8);
        int line = 0;
        for (string? text; (text = reader.ReadLine()) != null;)
        {
            line++;
            if (text.Length == 0) continue;
            if (field is null) { yield return text; continue; }
            string? value;
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(text);
                value = doc.RootElement.TryGetProperty(field, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;
            }
            catch (System.Text.Json.JsonException e) { throw new CurationInputException($"{path}:line {line}: not valid JSON ({e.Message}).", e); }
            if (value is null) throw new CurationInputException($"{path}:line {line}: no string field \"{field}\".");
            yield return value;
        }
    }
}
