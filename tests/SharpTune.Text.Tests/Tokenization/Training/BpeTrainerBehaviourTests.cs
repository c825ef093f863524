using SharpTune.Text.Tokenization.Training;

namespace SharpTune.Text.Tests.Tokenization.Training;

public sealed class BpeTrainerBehaviourTests
{
    private static readonly BpeTrainerOptions Bare = new() { Kind = BpeModelKind.Metaspace, SpecialTokens = [], ByteFallback = false, VocabSize = 100 };

    [Fact]
    public void Ties_go_to_the_smaller_pair_of_ids_like_rust_tokenizers()
    {
        // Alphabet a b c d ▁ gets ids 0..4; every pair is seen once, so the order is by (left id, right id).
        var result = BpeTrainer.Train(["ab", "cd"], Bare);
        Assert.Equal(["a", "b", "c", "d", "\u2581", "ab", "cd", "\u2581ab", "\u2581cd"], result.Vocab);
        Assert.Equal([("a", "b"), ("c", "d"), ("\u2581", "ab"), ("\u2581", "cd")], result.Merges);
    }

    [Fact]
    public void The_most_frequent_pair_is_merged_first()
    {
        // ▁xy ×2, ▁ab ×3: (a, b) and (▁, a) tie at 3 and (a, b) has the smaller ids; then ▁ab (3), then xy (2).
        var result = BpeTrainer.Train(["xy ab ab ab", "xy"], Bare);
        Assert.Equal([("a", "b"), ("\u2581", "ab"), ("x", "y"), ("\u2581", "xy")], result.Merges);
    }

    [Fact]
    public void Min_frequency_stops_merging_rare_pairs()
    {
        var result = BpeTrainer.Train(["ab cd", "ab"], Bare with { MinFrequency = 2 });
        Assert.All(result.Merges, m => Assert.Contains(m, new[] { ("a", "b"), ("\u2581", "ab") }));
        Assert.Equal(2, result.Merges.Count);
    }

    [Fact]
    public void Limit_alphabet_keeps_the_most_frequent_characters_and_bytes_cover_the_rest()
    {
        var options = new BpeTrainerOptions { VocabSize = 300, LimitAlphabet = 3 };
        var result = BpeTrainer.Train(["aaaa bbb cc d"], options);
        Assert.Equal(["<unk>", "<s>", "</s>"], result.Vocab.Take(3));
        Assert.Equal("<0x00>", result.Vocab[3]);
        Assert.Equal("<0xFF>", result.Vocab[258]);
        Assert.Equal(["a", "b", "\u2581"], result.Vocab.Skip(259).Take(3));
        Assert.DoesNotContain("c", result.Vocab);

        string dir = TrainingFixtures.TempDir();
        BpeTrainer.Save(result, dir);
        var rust = TrainingFixtures.LoadRust(dir);
        Assert.Equal("cd ab", rust.Decode(rust.Encode("cd ab")));
    }

    [Fact]
    public void Vocab_size_counts_special_byte_and_merged_tokens()
    {
        var (train, _) = TrainingFixtures.Split("thai_slice.txt");
        var result = BpeTrainer.Train(train, new BpeTrainerOptions { VocabSize = 700 });
        Assert.Equal(700, result.Vocab.Count);
        Assert.Equal(result.Vocab.Count, result.Vocab.Distinct().Count());
    }

    [Fact]
    public void Progress_reports_counting_then_merging_up_to_the_vocabulary_size()
    {
        var (train, _) = TrainingFixtures.Split("thai_slice.txt");
        var reports = new List<BpeTrainProgress>();
        BpeTrainer.Train(train, new BpeTrainerOptions { VocabSize = 1000 }, new Collect(reports));
        Assert.Equal(new BpeTrainProgress("counting words", train.Count, train.Count), reports[1]);
        Assert.Equal(new BpeTrainProgress("merging", 1000, 1000), reports[^1]);
        var merging = reports.Where(r => r.Stage == "merging").Select(r => r.Done).ToList();
        Assert.True(merging.Count > 2);
        Assert.Equal(merging.Order(), merging);
    }

    private sealed class Collect(List<BpeTrainProgress> into) : IProgress<BpeTrainProgress>
    {
        public void Report(BpeTrainProgress value) => into.Add(value);
    }

    [Fact]
    public void Bad_options_and_inputs_are_clear_errors()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => BpeTrainer.TrainFiles(["/no/such/corpus.txt"], new BpeTrainerOptions()));
        Assert.Contains("/no/such/corpus.txt", missing.Message, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => BpeTrainer.Train(["", ""], new BpeTrainerOptions())).Message, StringComparison.Ordinal);
        Assert.Contains("vocab_size", Assert.Throws<ArgumentException>(() => BpeTrainer.Train(["a"], new BpeTrainerOptions { VocabSize = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("distinct", Assert.Throws<ArgumentException>(() => BpeTrainer.Train(["a"], new BpeTrainerOptions { SpecialTokens = ["<s>", "<s>"] })).Message, StringComparison.Ordinal);
    }
}
