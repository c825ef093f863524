namespace SharpTune.Text.Curation.Dedup;

/// <summary>
/// Exact duplicates after normalisation (case-folded letters and digits; placeholders, tags, accelerators,
/// punctuation and spaces removed — OpusFilter's lowercase + letters_only): the first occurrence is kept. Holds one
/// 64-bit FNV-1a hash per distinct key, so a million records cost a few tens of megabytes.
/// </summary>
public sealed class ExactDeduplicator(DedupKey key)
{
    private readonly HashSet<ulong> _first = [];
    private readonly HashSet<ulong> _second = [];
    private readonly HashSet<ulong> _pairs = [];

    /// <summary>True when the record (given by its two normalised keys) repeats an earlier one; otherwise remembers it.</summary>
    public bool IsDuplicate(string firstKey, string secondKey)
    {
        ArgumentNullException.ThrowIfNull(firstKey);
        ArgumentNullException.ThrowIfNull(secondKey);
        ulong a = Hash(firstKey, 0), b = Hash(secondKey, 0);
        switch (key)
        {
            case DedupKey.Source: return !_first.Add(a);
            case DedupKey.Target: return !_second.Add(b);
            case DedupKey.Either:
                bool seen = _first.Contains(a) || _second.Contains(b);
                if (!seen) { _first.Add(a); _second.Add(b); }
                return seen;
            default: return !_pairs.Add(Hash(secondKey, a ^ 0x9E3779B97F4A7C15UL));
        }
    }

    /// <summary>FNV-1a over UTF-16 code units, seeded.</summary>
    public static ulong Hash(string s, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(s);
        ulong h = 14695981039346656037UL ^ seed;
        foreach (char c in s)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }
}
