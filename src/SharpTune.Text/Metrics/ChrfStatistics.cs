using System.Runtime.InteropServices;

namespace SharpTune.Text.Metrics;

/// <summary>
/// Collects sacreBLEU's chrF statistics segment by segment: per order [hyp count, ref count, matches], character
/// orders then word orders, taken from the reference with the best sentence-level chrF (first on ties).
/// Not thread-safe: one instance per scoring call.
/// </summary>
internal sealed class ChrfStatistics
{
    private const string Puncts = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private readonly ChrfOptions _options;
    private readonly int _order;
    private readonly NGramTable _chars = new();
    private readonly NGramTable _words = new();
    private readonly TokenVocabulary _vocab = new();
    private readonly List<int> _tokens = new(256);
    private readonly List<int> _hypChar = new(1024), _hypWord = new(256), _ref = new(1024);
    private readonly long[] _hypTotals, _stats, _best;

    public ChrfStatistics(ChrfOptions options)
    {
        options.Validate();
        _options = options;
        _order = options.CharOrder + options.WordOrder;
        _hypTotals = new long[_order];
        _stats = new long[3 * _order];
        _best = new long[3 * _order];
        Totals = new long[3 * _order];
    }

    /// <summary>Corpus totals so far.</summary>
    public long[] Totals { get; }

    public void Add(string hypothesis, IReadOnlyList<string> references)
    {
        string hyp = _options.Lowercase ? PyText.Lower(hypothesis) : hypothesis;
        _chars.Clear();
        _words.Clear();
        Array.Clear(_hypTotals);
        Array.Clear(_best);
        Extract(hyp, _hypChar, _hypWord);
        CountHypothesis(_chars, _hypChar, 0);
        CountHypothesis(_words, _hypWord, _options.CharOrder);

        double bestF = -1.0;
        foreach (var reference in references)
        {
            string r = _options.Lowercase ? PyText.Lower(reference) : reference;
            Array.Clear(_stats);
            ExtractChars(r, _ref);
            MatchReference(_chars, _hypChar, 0, _options.CharOrder);
            if (_options.WordOrder > 0)
            {
                ExtractWords(r, _ref);
                MatchReference(_words, _hypWord, _options.CharOrder, _options.WordOrder);
            }
            double f = Chrf.FScore(_stats, _options.Beta, _options.EpsSmoothing);
            if (f > bestF)
            {
                bestF = f;
                _stats.CopyTo(_best, 0);
            }
        }
        ClearHypothesis(_chars, _hypChar);
        ClearHypothesis(_words, _hypWord);
        for (int i = 0; i < _best.Length; i++) Totals[i] += _best[i];
    }

    private void Extract(string text, List<int> charIds, List<int> wordIds)
    {
        ExtractChars(text, charIds);
        wordIds.Clear();
        if (_options.WordOrder > 0) ExtractWords(text, wordIds);
    }

    /// <summary>Character n-grams over code points; whitespace removed unless <see cref="ChrfOptions.Whitespace"/>.</summary>
    private void ExtractChars(string text, List<int> into)
    {
        into.Clear();
        _tokens.Clear();
        PyText.AppendCodePoints(text, _tokens);
        if (!_options.Whitespace) _tokens.RemoveAll(static c => PyText.IsSpace(c));
        _chars.Extract(CollectionsMarshal.AsSpan(_tokens), _options.CharOrder, into);
    }

    /// <summary>Word n-grams after sacreBLEU's <c>_remove_punctuation</c> (one leading or trailing ASCII mark split off).</summary>
    private void ExtractWords(string text, List<int> into)
    {
        into.Clear();
        _tokens.Clear();
        foreach (var w in PyText.Split(text))
        {
            if (w.Length == 1 || (w.Length == 2 && char.IsSurrogatePair(w[0], w[1]))) _tokens.Add(_vocab.GetId(w));
            else if (Puncts.Contains(w[^1], StringComparison.Ordinal))
            {
                _tokens.Add(_vocab.GetId(w.AsSpan(0, w.Length - 1)));
                _tokens.Add(_vocab.GetId(w.AsSpan(w.Length - 1)));
            }
            else if (Puncts.Contains(w[0], StringComparison.Ordinal))
            {
                _tokens.Add(_vocab.GetId(w.AsSpan(0, 1)));
                _tokens.Add(_vocab.GetId(w.AsSpan(1)));
            }
            else _tokens.Add(_vocab.GetId(w));
        }
        _words.Extract(CollectionsMarshal.AsSpan(_tokens), _options.WordOrder, into);
    }

    private void CountHypothesis(NGramTable table, List<int> ids, int orderOffset)
    {
        foreach (int id in ids)
        {
            table.CountsA[id]++;
            _hypTotals[orderOffset + table.OrderOf(id) - 1]++;
        }
    }

    private static void ClearHypothesis(NGramTable table, List<int> ids)
    {
        foreach (int id in ids) table.CountsA[id] = 0;
    }

    /// <summary>
    /// Fills [hyp, ref, match] for orders <paramref name="orderOffset"/>…+<paramref name="orders"/> against the
    /// reference n-grams in <see cref="_ref"/>; like sacreBLEU, the hypothesis count is 0 when the reference has
    /// no n-gram of that order.
    /// </summary>
    private void MatchReference(NGramTable table, List<int> hypIds, int orderOffset, int orders)
    {
        int[] hyp = table.CountsA, refCounts = table.CountsB;
        foreach (int id in _ref)
        {
            refCounts[id]++;
            _stats[3 * (orderOffset + table.OrderOf(id) - 1) + 1]++;
        }
        foreach (int id in hypIds)
        {
            // Each distinct hypothesis n-gram is visited once: its count is negated while visited.
            int c = hyp[id];
            if (c <= 0) continue;
            _stats[3 * (orderOffset + table.OrderOf(id) - 1) + 2] += Math.Min(c, refCounts[id]);
            hyp[id] = -c;
        }
        foreach (int id in hypIds) hyp[id] = Math.Abs(hyp[id]);
        foreach (int id in _ref) refCounts[id] = 0;
        for (int n = 0; n < orders; n++)
        {
            int o = orderOffset + n;
            _stats[3 * o] = _stats[3 * o + 1] > 0 ? _hypTotals[o] : 0;
        }
    }
}
