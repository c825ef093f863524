using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace SharpTune.Text.Tokenization.Models;

/// <summary>
/// Byte-pair encoding with the exact merge order of Rust `tokenizers` (lowest rank first, then leftmost), byte
/// fallback, unknown-token fusing, ignore_merges and a word → ids cache shared by all threads.
/// </summary>
internal sealed partial class BpeModel
{
    private const int MaxCachedLength = 256;
    private const int CacheCapacity = 200_000;

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabSpan;
    private readonly string?[] _idToToken;
    private readonly PairMap _merges;
    private readonly int[] _bmpIds;
    private readonly Dictionary<int, int> _astralIds = [];
    private readonly int[] _byteIds = new int[256];
    private readonly bool _affixes;
    private readonly ConcurrentDictionary<string, int[]> _cache = new();
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheSpan;
    private int _cacheCount;

    public BpeModel(Dictionary<string, int> vocab, IReadOnlyList<(string Left, string Right)> merges, BpeOptions options,
        Func<int, string, Exception> mergeError)
    {
        _vocab = vocab;
        _vocabSpan = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        _cacheSpan = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        Options = options;
        MergeList = merges;
        int maxId = vocab.Count == 0 ? -1 : vocab.Values.Max();
        if (maxId >= Math.Max(vocab.Count * 4L, 1L << 20)) throw mergeError(-1, $"vocabulary id {maxId} is far beyond the vocabulary size {vocab.Count}");
        _idToToken = new string?[maxId + 1];
        foreach (var (token, id) in vocab) _idToToken[id] = token;

        _merges = new PairMap(merges.Count);
        int prefixLength = options.ContinuingSubwordPrefix?.Length ?? 0;
        for (int rank = 0; rank < merges.Count; rank++)
        {
            var (a, b) = merges[rank];
            if (!vocab.TryGetValue(a, out int ia)) throw mergeError(rank, $"token '{a}' is not in the vocabulary");
            if (!vocab.TryGetValue(b, out int ib)) throw mergeError(rank, $"token '{b}' is not in the vocabulary");
            string merged = prefixLength > 0 && b.StartsWith(options.ContinuingSubwordPrefix!, StringComparison.Ordinal)
                ? a + b[prefixLength..]
                : a + b;
            if (!vocab.TryGetValue(merged, out int id)) throw mergeError(rank, $"merged token '{merged}' is not in the vocabulary");
            _merges.Set(ia, ib, rank, id);
        }

        _bmpIds = new int[0x10000];
        Array.Fill(_bmpIds, -1);
        foreach (var (token, id) in vocab)
        {
            if (token.Length == 1 && !char.IsSurrogate(token[0])) _bmpIds[token[0]] = id;
            else if (token.Length == 2 && char.IsSurrogatePair(token[0], token[1])) _astralIds[char.ConvertToUtf32(token[0], token[1])] = id;
        }
        for (int b = 0; b < 256; b++) _byteIds[b] = vocab.TryGetValue($"<0x{b:X2}>", out int id) ? id : -1;
        _affixes = !string.IsNullOrEmpty(options.ContinuingSubwordPrefix) || !string.IsNullOrEmpty(options.EndOfWordSuffix);
        InitChunking();
    }

    public BpeOptions Options { get; }
    public IReadOnlyList<(string Left, string Right)> MergeList { get; }
    public IReadOnlyDictionary<string, int> Vocab => _vocab;
    public int VocabSize => _vocab.Count;

    public int? TokenToId(string token) => _vocab.TryGetValue(token, out int id) ? id : null;

    public string? IdToToken(int id) => (uint)id < (uint)_idToToken.Length ? _idToToken[id] : null;

    /// <summary>Appends the ids of one pre-tokenized word.</summary>
    public void Tokenize(ReadOnlySpan<char> word, List<int> output)
    {
        if (word.IsEmpty) return;
        if (Options.IgnoreMerges && _vocabSpan.TryGetValue(word, out int whole))
        {
            output.Add(whole);
            return;
        }
        if (!TryTokenizeInChunks(word, output)) TokenizeCached(word, output);
    }

    /// <summary>Like <see cref="Tokenize"/>, also appending each token's char range in <paramref name="word"/> (no cache).</summary>
    public void TokenizeWithSpans(ReadOnlySpan<char> word, List<int> output, List<(int Start, int End)> spans)
    {
        if (word.IsEmpty) return;
        if (Options.IgnoreMerges && _vocabSpan.TryGetValue(word, out int whole))
        {
            output.Add(whole);
            spans.Add((0, word.Length));
            return;
        }
        MergeWord(word, output, spans);
    }

    private void TokenizeCached(ReadOnlySpan<char> word, List<int> output)
    {
        if (_cacheSpan.TryGetValue(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }
        int before = output.Count;
        MergeWord(word, output);
        if (word.Length < MaxCachedLength && Volatile.Read(ref _cacheCount) < CacheCapacity
            && _cache.TryAdd(word.ToString(), output.GetRange(before, output.Count - before).ToArray()))
        {
            Interlocked.Increment(ref _cacheCount);
        }
    }

    private int UnkId() => Options.UnkToken is { } unk
        ? _vocab.TryGetValue(unk, out int id) ? id : throw new InvalidOperationException($"unk_token '{unk}' is not in the vocabulary")
        : -1;

    private int LookupSymbol(ReadOnlySpan<char> ch, int cp, bool first, bool last)
    {
        if (!_affixes) return cp < 0x10000 ? _bmpIds[cp] : _astralIds.GetValueOrDefault(cp, -1);
        var sb = new StringBuilder();
        if (!first) sb.Append(Options.ContinuingSubwordPrefix);
        sb.Append(ch);
        if (last) sb.Append(Options.EndOfWordSuffix);
        return _vocab.TryGetValue(sb.ToString(), out int id) ? id : -1;
    }

    private int AppendByteFallback(ReadOnlySpan<char> ch, Span<int> ids, int n)
    {
        Span<byte> bytes = stackalloc byte[8];
        int count = System.Text.Encoding.UTF8.GetBytes(ch, bytes);
        for (int k = 0; k < count; k++) if (_byteIds[bytes[k]] < 0) return -1;
        for (int k = 0; k < count; k++) ids[n++] = _byteIds[bytes[k]];
        return n;
    }
}
