namespace SharpTune.Text.Curation.Dedup;

/// <summary>
/// Near-duplicate detection with MinHash and LSH (Broder 1997; data-juicer / datatrove defaults: word 5-gram
/// shingles, lower-cased). LSH proposes the earlier kept records that share a band with this one (probability
/// 1 − (1 − J^r)^b at Jaccard similarity J); each candidate is then verified, as datasketch's MinHashLSH users and
/// data-juicer do, by the Jaccard similarity its MinHash signature estimates, and only an estimate at or above the
/// threshold makes a duplicate (a band shared by chance no longer drops a record). Kept signatures are stored as
/// 16-bit b-bit MinHash (Li &amp; König 2010; 256 bytes a record at 128 permutations), whose estimate is corrected for
/// the 2^−16 chance that two different minima agree in their low bits. Texts with fewer words than a shingle (short UI
/// strings) have no shingles: they are left to the exact keys. Scripts written without spaces (Thai, Chinese) are
/// shingled by characters instead.
/// </summary>
public sealed class MinHashDeduplicator
{
    private const ulong Prime = (1UL << 61) - 1;
    private const int ChunkRecords = 4096, MaxChain = 64;
    private const double Collision = 1.0 / 65536;
    private readonly ulong[] _a, _b;
    private readonly int _bands, _rows, _shingle;
    private readonly double _threshold;
    private readonly Dictionary<ulong, int>[] _heads;                          // band value → latest kept record with it
    private readonly Dictionary<int, int>[] _next;                             // kept record → the earlier one with the same band value
    private readonly List<ushort[]> _signatures = [];
    private int _kept;

    /// <summary>Creates a deduplicator for a Jaccard threshold with <paramref name="permutations"/> hash functions.</summary>
    public MinHashDeduplicator(double threshold = 0.7, int permutations = 128, int shingle = 5, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shingle, 1);
        (_bands, _rows) = LshParameters.Optimal(threshold, permutations);
        _shingle = shingle;
        _threshold = threshold;
        var random = new Random(seed);
        _a = new ulong[permutations];
        _b = new ulong[permutations];
        for (int i = 0; i < permutations; i++)
        {
            _a[i] = 1 + (ulong)random.NextInt64(1, (long)(Prime - 1));
            _b[i] = (ulong)random.NextInt64(0, (long)(Prime - 1));
        }
        _heads = [.. Enumerable.Range(0, _bands).Select(_ => new Dictionary<ulong, int>())];
        _next = [.. Enumerable.Range(0, _bands).Select(_ => new Dictionary<int, int>())];
    }

    /// <summary>The LSH split in use.</summary>
    public (int Bands, int Rows) Split => (_bands, _rows);

    /// <summary>Texts whose LSH candidates all failed the signature check (kept, not duplicates).</summary>
    public int RejectedCandidates { get; private set; }

    /// <summary>
    /// True when <paramref name="text"/> nearly duplicates an earlier kept text (a shared band and an estimated Jaccard
    /// at or above the threshold); otherwise remembers it. False for texts too short to shingle.
    /// </summary>
    public bool IsDuplicate(string text)
    {
        var signature = Signature(text);
        if (signature is null) return false;
        var bands = new ulong[_bands];
        var low = new ushort[signature.Length];
        for (int i = 0; i < low.Length; i++) low[i] = (ushort)signature[i];
        HashSet<int>? checkedRecords = null;
        for (int band = 0; band < _bands; band++)
        {
            ulong h = 14695981039346656037UL ^ (ulong)band;
            for (int r = 0; r < _rows; r++) { h ^= signature[band * _rows + r]; h *= 1099511628211UL; }
            bands[band] = h;
            if (!_heads[band].TryGetValue(h, out int candidate)) continue;
            for (int walked = 0; walked < MaxChain; walked++)
            {
                if ((checkedRecords ??= []).Add(candidate) && Estimate(low, candidate) >= _threshold) return true;
                if (!_next[band].TryGetValue(candidate, out candidate)) break;
            }
        }
        if (checkedRecords is not null) RejectedCandidates++;
        Remember(low, bands);
        return false;
    }

    /// <summary>The Jaccard similarity two 16-bit b-bit signatures estimate: (matches/k − 2^−16) / (1 − 2^−16).</summary>
    double Estimate(ushort[] low, int record)
    {
        var chunk = _signatures[record / ChunkRecords].AsSpan((record % ChunkRecords) * low.Length, low.Length);
        int matches = 0;
        for (int i = 0; i < low.Length; i++) if (chunk[i] == low[i]) matches++;
        return ((double)matches / low.Length - Collision) / (1 - Collision);
    }

    void Remember(ushort[] low, ulong[] bands)
    {
        int record = _kept++;
        if (record % ChunkRecords == 0) _signatures.Add(new ushort[ChunkRecords * low.Length]);
        low.CopyTo(_signatures[record / ChunkRecords].AsSpan((record % ChunkRecords) * low.Length));
        for (int band = 0; band < _bands; band++)
        {
            if (_heads[band].TryGetValue(bands[band], out int previous)) _next[band][record] = previous;
            _heads[band][bands[band]] = record;
        }
    }

    /// <summary>The Jaccard similarity of two texts' shingle sets (what the signatures estimate), NaN when either has none.</summary>
    public double Jaccard(string a, string b)
    {
        var x = Shingles(a, _shingle);
        var y = Shingles(b, _shingle);
        if (x.Count == 0 || y.Count == 0) return double.NaN;
        int common = x.Count(y.Contains);
        return (double)common / (x.Count + y.Count - common);
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
