namespace SharpTune.Text.Curation;

/// <summary>The <c>n</c> records with the lowest keys seen (bounded memory, ties by input order).</summary>
internal sealed class ExampleCollector(int n)
{
    private const int MaxChars = 240;
    private readonly SortedSet<(double Key, int Line, CurationExample Example)> _items =
        new(Comparer<(double Key, int Line, CurationExample Example)>.Create((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Line.CompareTo(b.Line)));

    /// <summary>Offers a record; <paramref name="key"/> lower is more interesting.</summary>
    public void Offer(double key, CurationRecord record, double score)
    {
        if (double.IsNaN(key)) return;
        if (_items.Count >= n && key >= _items.Max.Key) return;
        _items.Add((key, record.Line, new CurationExample(record.Line, score, Clip(record.First), Clip(record.Second))));
        if (_items.Count > n) _items.Remove(_items.Max);
    }

    public IReadOnlyList<CurationExample> Items => [.. _items.Select(i => i.Example)];

    static string Clip(string s) => s.Length <= MaxChars ? s : s[..MaxChars] + "…";
}
