using System.Runtime.InteropServices;
using System.Text;

namespace SharpTune.Text.Tokenization.Training;

/// <summary>
/// The merge loop of BPE training over counted words. Every symbol of every distinct word lives in flat arrays
/// linked as lists; each pair keeps the positions where it starts (stale entries are checked and skipped), and a
/// priority queue with lazy deletion yields the most frequent pair — ties go to the smaller (left id, right id),
/// as in Hugging Face tokenizers' BpeTrainer, so training is deterministic.
/// </summary>
internal sealed class BpeMergeLoop
{
    private readonly List<string> _idToToken;
    private readonly Dictionary<string, int> _tokenToId;
    private int[] _sym = [];
    private int[] _next = [];
    private int[] _prev = [];
    private int[] _weight = [];
    private readonly Dictionary<long, long> _pairCount = [];
    private readonly Dictionary<long, List<int>> _where = [];
    private readonly PriorityQueue<long, (long NegCount, long Pair)> _queue = new();
    private readonly Dictionary<long, long> _delta = [];

    public BpeMergeLoop(List<string> idToToken, Dictionary<string, int> tokenToId)
    {
        _idToToken = idToToken;
        _tokenToId = tokenToId;
    }

    /// <summary>Merges until the vocabulary has <paramref name="vocabSize"/> entries or no pair reaches <paramref name="minFrequency"/>.</summary>
    public List<(int Left, int Right)> Run(string[] words, int[] counts, int vocabSize, int minFrequency, IProgress<BpeTrainProgress>? progress)
    {
        Load(words, counts);
        var merges = new List<(int, int)>();
        while (_tokenToId.Count < vocabSize && _queue.TryDequeue(out long pair, out var priority))
        {
            long count = _pairCount.GetValueOrDefault(pair);
            if (count != -priority.NegCount)
            {
                if (count > 0) _queue.Enqueue(pair, (-count, pair));
                continue;
            }

            if (count < Math.Max(1, minFrequency)) break;
            int left = (int)(pair >> 32), right = (int)pair;
            string token = _idToToken[left] + _idToToken[right];
            if (!_tokenToId.TryGetValue(token, out int id))
            {
                id = _idToToken.Count;
                _idToToken.Add(token);
                _tokenToId.Add(token, id);
            }

            merges.Add((left, right));
            Merge(pair, left, right, id);
            if (merges.Count % 250 == 0) progress?.Report(new BpeTrainProgress("merging", _tokenToId.Count, vocabSize));
        }

        progress?.Report(new BpeTrainProgress("merging", vocabSize, vocabSize));

        return merges;
    }

    private void Load(string[] words, int[] counts)
    {
        int total = words.Sum(w => w.Length);
        _sym = new int[total];
        _next = new int[total];
        _prev = new int[total];
        _weight = new int[total];
        var lookup = _tokenToId.GetAlternateLookup<ReadOnlySpan<char>>();
        int n = 0;
        for (int w = 0; w < words.Length; w++)
        {
            var word = words[w].AsSpan();
            int last = -1;
            while (!word.IsEmpty)
            {
                Rune.DecodeFromUtf16(word, out _, out int used);
                if (lookup.TryGetValue(word[..used], out int id))
                {
                    _sym[n] = id;
                    _weight[n] = counts[w];
                    _prev[n] = last;
                    _next[n] = -1;
                    if (last >= 0) _next[last] = n;
                    last = n++;
                }
                else
                {
                    last = -1; // a character outside the alphabet splits the word: no pair spans it
                }

                word = word[used..];
            }
        }

        for (int p = 0; p < n; p++)
        {
            if (_next[p] >= 0) Add(Key(_sym[p], _sym[_next[p]]), _weight[p], p);
        }

        foreach (var (pair, count) in _pairCount) _queue.Enqueue(pair, (-count, pair));
    }

    private void Merge(long pair, int left, int right, int id)
    {
        var positions = _where[pair];
        _where.Remove(pair);
        positions.Sort();
        _delta.Clear();
        foreach (int p in positions)
        {
            int q = _next[p];
            if (_sym[p] != left || q < 0 || _sym[q] != right) continue; // stale entry
            int w = _weight[p], before = _prev[p], after = _next[q];
            if (before >= 0)
            {
                Change(Key(_sym[before], left), -w);
                Change(Key(_sym[before], id), w);
                Track(Key(_sym[before], id), before);
            }

            if (after >= 0)
            {
                Change(Key(right, _sym[after]), -w);
                Change(Key(id, _sym[after]), w);
                Track(Key(id, _sym[after]), p);
                _prev[after] = p;
            }

            _sym[p] = id;
            _sym[q] = -1;
            _next[p] = after;
            _next[q] = -1;
            Change(pair, -w);
        }

        foreach (var (key, change) in _delta)
        {
            ref long count = ref CollectionsMarshal.GetValueRefOrAddDefault(_pairCount, key, out _);
            count += change;
            if (count <= 0)
            {
                _pairCount.Remove(key);
                _where.Remove(key);
            }
            else if (change > 0)
            {
                _queue.Enqueue(key, (-count, key));
            }
        }
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    private void Add(long pair, long count, int position)
    {
        CollectionsMarshal.GetValueRefOrAddDefault(_pairCount, pair, out _) += count;
        Track(pair, position);
    }

    private void Track(long pair, int position)
    {
        ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(_where, pair, out bool exists);
        if (!exists) list = new List<int>(4);
        list!.Add(position);
    }

    private void Change(long pair, long by) => CollectionsMarshal.GetValueRefOrAddDefault(_delta, pair, out _) += by;
}
