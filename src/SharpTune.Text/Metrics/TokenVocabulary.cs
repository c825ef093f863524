namespace SharpTune.Text.Metrics;

/// <summary>
/// Maps token text to dense integer ids without allocating a string for tokens already seen
/// (span lookup), so n-grams can be hashed as id sequences instead of joined strings.
/// </summary>
internal sealed class TokenVocabulary
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<Range> _ranges = new(64);

    public TokenVocabulary(int capacity = 4096)
    {
        _ids = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _ids.Count;

    public int GetId(ReadOnlySpan<char> token)
    {
        if (_lookup.TryGetValue(token, out int id)) return id;
        id = _ids.Count;
        _lookup[token] = id;
        return id;
    }

    /// <summary>Splits <paramref name="text"/> like Python <c>str.split()</c> and appends each token's id.</summary>
    public void AppendWordIds(ReadOnlySpan<char> text, List<int> into)
    {
        _ranges.Clear();
        PyText.SplitRanges(text, _ranges);
        foreach (var r in _ranges) into.Add(GetId(text[r]));
    }

    /// <summary>Appends the id of each token in <paramref name="tokens"/>.</summary>
    public void AppendIds(IEnumerable<string> tokens, List<int> into)
    {
        foreach (var t in tokens) into.Add(GetId(t));
    }
}
