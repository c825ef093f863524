namespace SharpTune.Text.Metrics;

/// <summary>
/// Collects sacreBLEU's sufficient statistics segment by segment: [sys_len, ref_len, correct_1..N, total_1..N].
/// Reference n-gram counts are the maximum over references; ref_len is the closest reference length
/// (shorter on ties). Not thread-safe: one instance per scoring call.
/// </summary>
internal sealed class BleuStatistics
{
    private readonly BleuOptions _options;
    private readonly Func<string, string> _tokenize;
    private readonly TokenVocabulary _vocab = new();
    private readonly NGramTable _table = new();
    private readonly List<int> _tokens = new(128);
    private readonly List<int> _ids = new(512);
    private readonly List<int> _hypIds = new(512);

    public BleuStatistics(BleuOptions options)
    {
        options.Validate();
        _options = options;
        _tokenize = BleuTokenizer.Resolve(options.Tokenize);
        Totals = new long[2 + 2 * options.MaxNgramOrder];
    }

    /// <summary>Corpus totals so far: [sys_len, ref_len, correct…, total…].</summary>
    public long[] Totals { get; }

    /// <summary>sacreBLEU's <c>_preprocess_segment</c>: optional lowercase, rstrip, tokenize.</summary>
    public string Preprocess(string sentence)
    {
        if (_options.Lowercase) sentence = PyText.Lower(sentence);
        return _tokenize(PyText.RStrip(sentence));
    }

    /// <summary>Adds one segment's statistics to <see cref="Totals"/> and writes them to <paramref name="segment"/>.</summary>
    public void Add(string hypothesis, IReadOnlyList<string> references, Span<long> segment)
    {
        int order = _options.MaxNgramOrder;
        segment.Clear();
        _table.Clear();
        long hypLen = Tokens(Preprocess(hypothesis));
        _hypIds.Clear();
        _table.Extract(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_tokens), order, _hypIds);

        long closestDiff = -1, closestLen = -1;
        foreach (var reference in references)
        {
            long refLen = Tokens(Preprocess(reference));
            long diff = Math.Abs(hypLen - refLen);
            if (closestDiff == -1 || diff < closestDiff) (closestDiff, closestLen) = (diff, refLen);
            else if (diff == closestDiff && refLen < closestLen) closestLen = refLen;

            _ids.Clear();
            _table.Extract(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_tokens), order, _ids);
            _table.AccumulateReferenceMax(_ids);
        }
        _table.ClipAgainstReferenceMax(_hypIds, segment.Slice(2, order), segment.Slice(2 + order, order));

        segment[0] = hypLen;
        segment[1] = closestLen;
        for (int i = 0; i < segment.Length; i++) Totals[i] += segment[i];
    }

    /// <summary>Splits a tokenized line on whitespace into <see cref="_tokens"/> (as ids); returns the length.</summary>
    private int Tokens(string tokenized)
    {
        _tokens.Clear();
        _vocab.AppendWordIds(tokenized, _tokens);
        return _tokens.Count;
    }
}
