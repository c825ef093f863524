namespace SharpTune.Text.Curation.Dedup;

/// <summary>
/// Near-duplicate detection with MinHash and LSH (Broder 1997; data-juicer / datatrove defaults: word 5-gram
/// shingles, lower-cased). A record is a near duplicate when one of its bands equals a band of an earlier kept
/// record, which happens with probability 1 − (1 − J^r)^b at Jaccard similarity J. Texts with fewer words than a
/// shingle (short UI strings) have no shingles: they are left to the exact keys. Scripts written without spaces
/// (Thai, Chinese) are shingled by characters instead.
/// </summary>
public sealed class MinHashDeduplicator
{
    private const ulong Prime = (1UL << 61) - 1;
    private readonly ulong[] _a, _b;
    private readonly int _bands, _rows, _shingle;
    private readonly HashSet<ulong>[] _seen;

    /// <summary>Creates a deduplicator for a Jaccard threshold with <paramref name="permutations"/> hash functions.</summary>
    public MinHashDeduplicator(double threshold = 0.7, int permutations = 128, int shingle = 5, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shingle, 1);
        (_bands, _rows) = LshParameters.Optimal(threshold, permutations);
        _shingle = shingle;
        var random = new Random(seed);
        _a = new ulong[permutations];
        _b = new ulong[permutations];
        for (int i = 0; i < permutations; i++)
        {
            _a[i] = 1 + (ulong)random.NextInt64(1, (long)(Prime - 1));
            _b[i] = (ulong)random.NextInt64(0, (long)(Prime - 1));
        }
        _seen = [.. Enumerable.Range(0, _bands).Select(_ => new HashSet<ulong>())];
    }

    /// <summary>The LSH split in use.</summary>
    public (int Bands, int Rows) Split => (_bands, _rows);

    /// <summary>True when <paramref name="text"/> nearly duplicates an earlier text; otherwise remembers its bands. False for texts too short to shingle.</summary>
    public bool IsDuplicate(string text)
    {
        var signature = Signature(text);
        if (signature is null) return false;
        var bands = new ulong[_bands];
        bool duplicate = false;
        for (int band = 0; band < _bands; band++)
        {
            ulong h = 14695981039346656037UL ^ (ulong)band;
            for (int r = 0; r < _rows; r++) { h ^= signature[band * _rows + r]; h *= 1099511628211UL; }
            bands[band] = h;
            if (_seen[band].Contains(h)) duplicate = true;
        }
        if (!duplicate) for (int band = 0; band < _bands; band++) _seen[band].Add(bands[band]);
        return duplicate;
    }

    /// <summary>The MinHash signature, or null when the text has fewer tokens than a shingle.</summary>
    public ulong[]? Signature(string text)
    {
        var shingles = Shingles(text, _shingle);
        if (shingles.Count == 0) return null;
        var sig = new ulong[_a.Length];
        Array.Fill(sig, ulong.MaxValue);
        foreach (ulong x in shingles)
        {
            ulong v = x % Prime;
            for (int i = 0; i < sig.Length; i++)
            {
                ulong h = (ulong)((((UInt128)_a[i] * v) + _b[i]) % Prime);
                if (h < sig[i]) sig[i] = h;
            }
        }
        return sig;
    }

    /// <summary>Hashes of the lower-cased word n-grams (character n-grams for text without spaces).</summary>
    internal static HashSet<ulong> Shingles(string text, int n)
    {
        string lower = text.ToLowerInvariant();
        var words = lower.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var set = new HashSet<ulong>();
        bool spaceless = words.Length > 0 && lower.Length / words.Length > 12;
        if (spaceless)
        {
            string chars = string.Concat(words);
            for (int i = 0; i + n <= chars.Length; i++) set.Add(ExactDeduplicator.Hash(chars.Substring(i, n), 7));
            return set;
        }
        for (int i = 0; i + n <= words.Length; i++) set.Add(ExactDeduplicator.Hash(string.Join(' ', words, i, n), 7));
        return set;
    }
}
