using System.Runtime.InteropServices;

namespace SharpTune.Text.Metrics;

/// <summary>
/// Interns the n-grams of one segment (hypothesis plus its references) as dense ids: an n-gram of order k is the
/// pair (id of its first k-1 tokens, last token), so no n-gram string or tuple is ever built. Ids are exact (no
/// hash collisions) and only meaningful until <see cref="Clear"/>. Per-id count arrays live here too, so a
/// scorer reuses one table for a whole corpus without per-segment allocation.
/// </summary>
internal sealed class NGramTable
{
    private readonly Dictionary<long, int> _ids = new(512);
    private int[] _orders = new int[512];
    private int[] _prefix = new int[128];

    /// <summary>Scratch counts indexed by n-gram id; callers must leave them zeroed.</summary>
    public int[] CountsA { get; private set; } = new int[512];

    /// <summary>A second scratch count array; callers must leave it zeroed.</summary>
    public int[] CountsB { get; private set; } = new int[512];

    public int Count => _ids.Count;

    public void Clear() => _ids.Clear();

    public int OrderOf(int id) => _orders[id];

    /// <summary>
    /// Appends the id of every n-gram of orders 1..<paramref name="maxOrder"/> of <paramref name="tokens"/>
    /// (all unigrams, then all bigrams, …) to <paramref name="into"/>. Tokens must be non-negative.
    /// </summary>
    public void Extract(ReadOnlySpan<int> tokens, int maxOrder, List<int> into)
    {
        if (_prefix.Length < tokens.Length) _prefix = new int[Math.Max(tokens.Length, _prefix.Length * 2)];
        for (int k = 1; k <= maxOrder && k <= tokens.Length; k++)
        {
            for (int i = 0; i + k <= tokens.Length; i++)
            {
                long key = k == 1 ? tokens[i] : ((long)(_prefix[i] + 1) << 32) | (uint)tokens[i + k - 1];
                int id = Intern(key, k);
                _prefix[i] = id;
                into.Add(id);
            }
        }
        EnsureCapacity(_ids.Count);
    }

    /// <summary>Raises <see cref="CountsA"/> to this reference's count of each of its n-grams (max over references).</summary>
    public void AccumulateReferenceMax(List<int> referenceIds)
    {
        int[] tmp = CountsB, max = CountsA;
        foreach (int id in referenceIds) tmp[id]++;
        foreach (int id in referenceIds)
        {
            if (tmp[id] > max[id]) max[id] = tmp[id];
        }
        foreach (int id in referenceIds) tmp[id] = 0;
    }

    /// <summary>
    /// Adds the hypothesis n-gram counts to <paramref name="total"/> and their counts clipped by the reference
    /// maximum (<see cref="CountsA"/>) to <paramref name="correct"/>, per order; then zeroes all scratch counts.
    /// </summary>
    public void ClipAgainstReferenceMax(List<int> hypothesisIds, Span<long> correct, Span<long> total)
    {
        int[] counts = CountsB, max = CountsA;
        foreach (int id in hypothesisIds) counts[id]++;
        foreach (int id in hypothesisIds)
        {
            int c = counts[id];
            if (c == 0) continue;
            int n = _orders[id] - 1;
            total[n] += c;
            correct[n] += Math.Min(c, max[id]);
            counts[id] = 0;
        }
        Array.Clear(max, 0, Count);
    }

    private int Intern(long key, int order)
    {
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, key, out bool exists);
        if (exists) return slot;
        int id = _ids.Count - 1;
        slot = id;
        if (id >= _orders.Length) Array.Resize(ref _orders, _orders.Length * 2);
        _orders[id] = order;
        return id;
    }

    private void EnsureCapacity(int count)
    {
        if (CountsA.Length >= count) return;
        int size = Math.Max(count, CountsA.Length * 2);
        var a = CountsA;
        var b = CountsB;
        Array.Resize(ref a, size);
        Array.Resize(ref b, size);
        CountsA = a;
        CountsB = b;
    }
}
