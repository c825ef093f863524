using SharpTune.Text.Curation.Dedup;
using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Text.Curation;

/// <summary>`sharptune data stats`: a summary of a file's records, their sides' lengths, languages and duplicates.</summary>
public sealed record DatasetStatistics
{
    /// <summary>Records read.</summary>
    public long Records { get; init; }

    /// <summary>Length statistics of the first side (source / instruction).</summary>
    public required SideStatistics First { get; init; }

    /// <summary>Length statistics of the second side (target / response).</summary>
    public required SideStatistics Second { get; init; }

    /// <summary>Records whose two sides normalise to the same text.</summary>
    public long IdenticalSides { get; init; }

    /// <summary>Records repeating an earlier record (normalised pair).</summary>
    public long Duplicates { get; init; }

    /// <summary>Records per stratum (with --stratify_by).</summary>
    public required IReadOnlyDictionary<string, long> Groups { get; init; }

    /// <summary>Unreadable records skipped, by cause.</summary>
    public required IReadOnlyDictionary<string, int> Skipped { get; init; }

    /// <summary>Reads <paramref name="path"/> once and summarises it.</summary>
    public static DatasetStatistics Compute(string path, RecordFormat format, Stratification strata, bool skipInvalid, LanguageIdentifier? identifier = null)
    {
        var reader = new RecordReader(path, format, strata) { SkipInvalid = skipInvalid };
        var first = new SideAccumulator(identifier ?? LanguageIdentifier.Default);
        var second = new SideAccumulator(identifier ?? LanguageIdentifier.Default);
        var dedup = new ExactDeduplicator(DedupKey.Pair);
        var groups = new Dictionary<string, long>(StringComparer.Ordinal);
        long records = 0, identical = 0, duplicates = 0;
        foreach (var r in reader.Read())
        {
            records++;
            var a = first.Add(r.First);
            var b = second.Add(r.Second);
            if (a.Key.Length > 0 && a.Key == b.Key) identical++;
            if (dedup.IsDuplicate(a.Key, b.Key)) duplicates++;
            groups[r.Group] = groups.GetValueOrDefault(r.Group) + 1;
        }
        return new DatasetStatistics
        {
            Records = records,
            First = first.Result(),
            Second = second.Result(),
            IdenticalSides = identical,
            Duplicates = duplicates,
            Groups = groups,
            Skipped = new Dictionary<string, int>(reader.Skipped),
        };
    }

    private sealed class SideAccumulator(LanguageIdentifier identifier)
    {
        private readonly List<int> _chars = [];
        private readonly Dictionary<string, long> _languages = new(StringComparer.Ordinal);
        private long _words, _empty;

        public TextSide Add(string text)
        {
            var side = TextSide.Analyze(text);
            _chars.Add(side.Chars);
            _words += side.Words;
            if (side.Letters == 0) _empty++;
            string language = side.Letters >= 20 ? identifier.Identify(text) ?? "?" : "(short)";
            _languages[language] = _languages.GetValueOrDefault(language) + 1;
            return side;
        }

        public SideStatistics Result()
        {
            _chars.Sort();
            int n = _chars.Count;
            return new SideStatistics
            {
                MeanChars = n == 0 ? 0 : _chars.Average(),
                MedianChars = n == 0 ? 0 : _chars[(n - 1) / 2],
                P90Chars = n == 0 ? 0 : _chars[(int)Math.Min(n - 1, Math.Ceiling(0.9 * n) - 1)],
                MaxChars = n == 0 ? 0 : _chars[^1],
                MeanWords = n == 0 ? 0 : (double)_words / n,
                WithoutLetters = _empty,
                Languages = _languages,
            };
        }
    }
}
