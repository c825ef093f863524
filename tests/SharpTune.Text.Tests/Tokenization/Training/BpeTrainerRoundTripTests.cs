using SharpTune.Text.Tokenization.Training;

namespace SharpTune.Text.Tests.Tokenization.Training;

public sealed class BpeTrainerRoundTripTests
{
    [Fact]
    public void Metaspace_tokenizer_trained_on_Thai_loads_in_rust_and_round_trips_held_out_lines()
    {
        var (train, held) = TrainingFixtures.Split("thai_slice.txt");
        string dir = TrainingFixtures.TrainToDir(train, new BpeTrainerOptions { VocabSize = 2000, Kind = BpeModelKind.Metaspace });
        var (tokens, chars) = RoundTrip(dir, held, line => line.Length);
        Assert.True(tokens * 2 < chars, $"expected compression on Thai: {tokens} tokens for {chars} characters");
    }

    [Fact]
    public void Byte_level_tokenizer_trained_on_English_loads_in_rust_and_round_trips_held_out_lines()
    {
        var (train, held) = TrainingFixtures.Split("english_slice.txt");
        string dir = TrainingFixtures.TrainToDir(train, new BpeTrainerOptions { VocabSize = 1000, Kind = BpeModelKind.ByteLevel });
        var lines = held.Append("naïve café — 東京 🙂 tabs\tand  spaces");
        var (tokens, bytes) = RoundTrip(dir, lines, System.Text.Encoding.UTF8.GetByteCount);
        Assert.True(tokens * 5 < bytes * 2, $"expected compression on English: {tokens} tokens for {bytes} bytes");
    }

    /// <summary>Asserts decode(encode(line)) = line with the Rust library; returns total tokens and total size.</summary>
    private static (int Tokens, int Size) RoundTrip(string dir, IEnumerable<string> lines, Func<string, int> size)
    {
        var rust = TrainingFixtures.LoadRust(dir);
        int tokens = 0, total = 0;
        foreach (var line in lines)
        {
            var ids = rust.Encode(line);
            Assert.Equal(line, rust.Decode(ids));
            tokens += ids.Length;
            total += size(line);
        }

        return (tokens, total);
    }

    [Theory]
    [InlineData(BpeModelKind.Metaspace)]
    [InlineData(BpeModelKind.ByteLevel)]
    public void Training_twice_writes_identical_files(BpeModelKind kind)
    {
        var (train, _) = TrainingFixtures.Split("thai_slice.txt");
        var options = new BpeTrainerOptions { VocabSize = 1200, Kind = kind };
        string first = TrainingFixtures.TrainToDir(train, options);
        string second = TrainingFixtures.TrainToDir(train, options with { Threads = 1 });
        Assert.Equal(File.ReadAllText(Path.Combine(first, "tokenizer.json")), File.ReadAllText(Path.Combine(second, "tokenizer.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(first, "tokenizer_config.json")), File.ReadAllText(Path.Combine(second, "tokenizer_config.json")));
    }

    [Fact]
    public void Rust_encodes_only_with_our_vocabulary_and_special_tokens_stay_whole()
    {
        var (train, held) = TrainingFixtures.Split("thai_slice.txt");
        var result = BpeTrainer.Train(train, new BpeTrainerOptions { VocabSize = 1500, SpecialTokens = ["<unk>", "<s>", "</s>", "<|im_end|>"] });
        string dir = TrainingFixtures.TempDir();
        BpeTrainer.Save(result, dir);
        var rust = TrainingFixtures.LoadRust(dir);
        var ids = rust.Encode(held[0] + "<|im_end|>");
        Assert.All(ids, id => Assert.InRange((int)id, 0, result.Vocab.Count - 1));
        Assert.Equal(3u, ids[^1]);
        string config = File.ReadAllText(Path.Combine(dir, "tokenizer_config.json"));
        Assert.Contains("\"eos_token\": \"</s>\"", config, StringComparison.Ordinal);
    }
}
