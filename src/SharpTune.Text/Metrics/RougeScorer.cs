using System.Globalization;

namespace SharpTune.Text.Metrics;

/// <summary>
/// ROUGE compatible with Google's rouge-score (<c>rouge_scorer.RougeScorer</c>): ROUGE-N over n-gram counts,
/// ROUGE-L over the token LCS, ROUGE-Lsum as summary-level union LCS over sentences (newline-separated unless
/// <see cref="RougeOptions.SplitSummaries"/>). Arguments are (target, prediction): the reference first.
/// </summary>
public sealed class RougeScorer
{
    private readonly RougeOptions _options;

    /// <exception cref="ArgumentException">An unknown rouge type (valid: rouge1…rouge9, rougeL, rougeLsum).</exception>
    public RougeScorer(RougeOptions? options = null)
    {
        _options = options ?? new RougeOptions();
        if (_options.RougeTypes.Count == 0) throw new ArgumentException("At least one rouge type is required.");
        foreach (var type in _options.RougeTypes) _ = NgramOrder(type);
    }

    /// <summary>Scores one prediction against one target, keyed by rouge type.</summary>
    public IReadOnlyDictionary<string, RougeScore> Score(string target, string prediction)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(prediction);
        List<string>? targetTokens = null, predictionTokens = null;
        var result = new Dictionary<string, RougeScore>(StringComparer.Ordinal);
        foreach (var type in _options.RougeTypes)
        {
            if (type == "rougeLsum")
            {
                result[type] = SummaryLevelLcs(Sentences(target), Sentences(prediction));
                continue;
            }
            targetTokens ??= Tokenize(target);
            predictionTokens ??= Tokenize(prediction);
            result[type] = type == "rougeL"
                ? ScoreLcs(targetTokens, predictionTokens)
                : ScoreNgrams(targetTokens, predictionTokens, NgramOrder(type));
        }
        return result;
    }

    /// <summary>rouge-score's <c>score_multi</c>: per type, the score against the target with the highest F (first on ties).</summary>
    public IReadOnlyDictionary<string, RougeScore> ScoreMulti(IReadOnlyList<string> targets, string prediction)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0) throw new ArgumentException("score_multi needs at least one target.", nameof(targets));
        var all = targets.Select(t => Score(t, prediction)).ToList();
        var best = new Dictionary<string, RougeScore>(StringComparer.Ordinal);
        foreach (var type in _options.RougeTypes)
        {
            var top = all[0][type];
            foreach (var s in all.Skip(1))
            {
                if (s[type].FMeasure > top.FMeasure) top = s[type];
            }
            best[type] = top;
        }
        return best;
    }

    private List<string> Tokenize(string text) => RougeTokenizer.Tokenize(text, _options.Tokenization, _options.UseStemmer);

    private List<List<string>> Sentences(string text)
    {
        var sentences = _options.SplitSummaries ? SentenceSplitter.Split(text) : [.. text.Split('\n')];
        return sentences.Where(s => s.Length > 0).Select(Tokenize).ToList();
    }

    /// <summary>n for rougeN; 0 for rougeL / rougeLsum; throws for anything else (as rouge-score's ValueError).</summary>
    internal static int NgramOrder(string type)
    {
        if (type is "rougeL" or "rougeLsum") return 0;
        if (type.Length == 6 && type.StartsWith("rouge", StringComparison.Ordinal) && type[5] is >= '1' and <= '9')
        {
            return type[5] - '0';
        }
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"Invalid rouge type: '{type}' (valid: rouge1…rouge9, rougeL, rougeLsum)."));
    }

    internal static RougeScore ScoreNgrams(List<string> target, List<string> prediction, int n)
    {
        var targetCounts = CountNgrams(target, n);
        var predictionCounts = CountNgrams(prediction, n);
        long overlap = 0;
        foreach (var (gram, count) in targetCounts)
        {
            if (predictionCounts.TryGetValue(gram, out int p)) overlap += Math.Min(count, p);
        }
        int targetTotal = Math.Max(0, target.Count - n + 1), predictionTotal = Math.Max(0, prediction.Count - n + 1);
        return RougeScore.From((double)overlap / Math.Max(predictionTotal, 1), (double)overlap / Math.Max(targetTotal, 1));
    }

    private static Dictionary<string, int> CountNgrams(List<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i + n <= tokens.Count; i++)
        {
            // Tokens never contain U+0001, so joining with it is an exact key for the tuple.
            string key = string.Join('\u0001', tokens.Skip(i).Take(n));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    internal static RougeScore ScoreLcs(List<string> target, List<string> prediction)
    {
        if (target.Count == 0 || prediction.Count == 0) return RougeScore.Zero;
        int lcs = Lcs.Length(target, prediction);
        return RougeScore.From((double)lcs / prediction.Count, (double)lcs / target.Count);
    }

    /// <summary>rouge-score's <c>_summary_level_lcs</c>: union LCS per reference sentence, each token credited at most as often as it occurs.</summary>
    internal static RougeScore SummaryLevelLcs(List<List<string>> reference, List<List<string>> candidate)
    {
        if (reference.Count == 0 || candidate.Count == 0) return RougeScore.Zero;
        int m = reference.Sum(s => s.Count), n = candidate.Sum(s => s.Count);
        if (m == 0 || n == 0) return RougeScore.Zero;
        var refCounts = TokenCounts(reference);
        var candCounts = TokenCounts(candidate);
        int hits = 0;
        foreach (var r in reference)
        {
            var union = new SortedSet<int>();
            foreach (var c in candidate) union.UnionWith(Lcs.ReferenceIndices(r, c));
            foreach (int index in union)
            {
                string token = r[index];
                if (candCounts.GetValueOrDefault(token) > 0 && refCounts.GetValueOrDefault(token) > 0)
                {
                    hits++;
                    candCounts[token]--;
                    refCounts[token]--;
                }
            }
        }
        return RougeScore.From((double)hits / n, (double)hits / m);
    }

    private static Dictionary<string, int> TokenCounts(List<List<string>> sentences)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in sentences)
        {
            foreach (var t in s) counts[t] = counts.GetValueOrDefault(t) + 1;
        }
        return counts;
    }
}
