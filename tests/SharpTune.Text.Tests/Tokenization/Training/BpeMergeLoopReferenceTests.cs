using SharpTune.Text.Tokenization.Training;

namespace SharpTune.Text.Tests.Tokenization.Training;

/// <summary>The incremental merge loop must pick exactly the merges of a naive recount-everything BPE.</summary>
public sealed class BpeMergeLoopReferenceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Incremental_merges_equal_naive_recounting_on_random_text(int seed)
    {
        var random = new Random(seed);
        var lines = Enumerable.Range(0, 200).Select(_ => new string([.. Enumerable.Range(0, random.Next(1, 40))
            .Select(_ => "aab cd"[random.Next(6)])])).ToList();
        var options = new BpeTrainerOptions { SpecialTokens = [], ByteFallback = false, VocabSize = 60 };

        var result = BpeTrainer.Train(lines, options);

        var (words, counts) = WordCounter.Count(lines, BpeModelKind.Metaspace, 1);
        int alphabet = result.Vocab.Count - result.Merges.Count;
        var expected = NaiveMerges(words, counts, [.. result.Vocab.Take(alphabet)], options.VocabSize);
        Assert.Equal(expected, result.Merges);
    }

    private static List<(string, string)> NaiveMerges(string[] words, int[] counts, List<string> vocab, int vocabSize)
    {
        var ids = vocab.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        var split = words.Select(w => w.Select(c => ids[c.ToString()]).ToList()).ToList();
        var merges = new List<(string, string)>();
        while (ids.Count < vocabSize)
        {
            var pairs = new Dictionary<(int, int), long>();
            for (int w = 0; w < split.Count; w++)
            {
                for (int i = 0; i + 1 < split[w].Count; i++)
                {
                    var key = (split[w][i], split[w][i + 1]);
                    pairs[key] = pairs.GetValueOrDefault(key) + counts[w];
                }
            }

            if (pairs.Count == 0) break;
            var best = pairs.OrderByDescending(p => p.Value).ThenBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2).First().Key;
            string token = vocab[best.Item1] + vocab[best.Item2];
            if (!ids.TryGetValue(token, out int id))
            {
                id = vocab.Count;
                vocab.Add(token);
                ids[token] = id;
            }

            merges.Add((vocab[best.Item1], vocab[best.Item2]));
            foreach (var symbols in split)
            {
                for (int i = 0; i + 1 < symbols.Count; i++)
                {
                    if (symbols[i] == best.Item1 && symbols[i + 1] == best.Item2)
                    {
                        symbols[i] = id;
                        symbols.RemoveAt(i + 1);
                    }
                }
            }
        }

        return merges;
    }
}
