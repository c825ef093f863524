namespace SharpTune.Text.Templates;

/// <summary>
/// Okapi BM25 over a fixed set of documents (k1 = 1.5, b = 0.75, the rank_bm25 defaults; idf = ln((N − n + 0.5) /
/// (n + 0.5) + 1), always positive). Terms are lower-cased words; a text written without spaces (Thai, Chinese)
/// contributes its character bigrams instead.
/// </summary>
public sealed class Bm25Index
{
    private const double K1 = 1.5, B = 0.75;
    private readonly Dictionary<string, List<(int Doc, int Tf)>> _postings = new(StringComparer.Ordinal);
    private readonly int[] _lengths;
    private readonly double _averageLength;

    /// <summary>Indexes <paramref name="documents"/>.</summary>
    public Bm25Index(IReadOnlyList<string> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        _lengths = new int[documents.Count];
        for (int d = 0; d < documents.Count; d++)
        {
            var terms = Terms(documents[d]);
            _lengths[d] = terms.Count;
            foreach (var group in terms.GroupBy(t => t, StringComparer.Ordinal))
            {
                if (!_postings.TryGetValue(group.Key, out var list)) _postings[group.Key] = list = [];
                list.Add((d, group.Count()));
            }
        }
        _averageLength = documents.Count == 0 ? 0 : Math.Max(1e-9, _lengths.Average());
    }

    /// <summary>BM25 score of every document for <paramref name="query"/>.</summary>
    public double[] Scores(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var scores = new double[_lengths.Length];
        foreach (string term in Terms(query).Distinct(StringComparer.Ordinal))
        {
            if (!_postings.TryGetValue(term, out var list)) continue;
            double idf = Math.Log((_lengths.Length - list.Count + 0.5) / (list.Count + 0.5) + 1);
            foreach (var (doc, tf) in list)
                scores[doc] += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * _lengths[doc] / _averageLength));
        }
        return scores;
    }

    /// <summary>The terms of a text.</summary>
    internal static List<string> Terms(string text)
    {
        var terms = new List<string>();
        foreach (var raw in text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = raw.Trim('.', ',', ';', ':', '!', '?', '"', '\'', '(', ')', '[', ']', '¿', '¡');
            if (word.Length == 0) continue;
            if (word.Length > 12 && word.Any(c => c >= 0x0E00)) { for (int i = 0; i + 2 <= word.Length; i++) terms.Add(word.Substring(i, 2)); }
            else terms.Add(word);
        }
        return terms;
    }
}
