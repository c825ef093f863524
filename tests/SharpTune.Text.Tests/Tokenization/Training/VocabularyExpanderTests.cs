using System.Text.Json.Nodes;
using SharpTune.Text.Tokenization.Training;

namespace SharpTune.Text.Tests.Tokenization.Training;

public sealed class VocabularyExpanderTests
{
    [Theory]
    [InlineData(BpeModelKind.Metaspace)]
    [InlineData(BpeModelKind.ByteLevel)]
    public void Expansion_keeps_base_ids_and_English_encodes_and_shortens_Thai(BpeModelKind kind)
    {
        var (english, englishHeld) = TrainingFixtures.Split("english_slice.txt");
        var (thai, thaiHeld) = TrainingFixtures.Split("thai_slice.txt");
        string baseDir = TrainingFixtures.TrainToDir(english, new BpeTrainerOptions { VocabSize = 1200, Kind = kind });
        string addDir = TrainingFixtures.TrainToDir(thai, new BpeTrainerOptions { VocabSize = 1500, Kind = kind });
        string outDir = TrainingFixtures.TempDir();

        var report = VocabularyExpander.Expand(baseDir, addDir, outDir);

        var before = Vocab(baseDir);
        var after = Vocab(outDir);
        Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
        Assert.Equal(1200, report.FirstId);
        Assert.Equal(after.Count - 1, report.LastId);
        Assert.Equal(report.Count, after.Count - before.Count);
        Assert.Equal(report.Added.Select(a => a.Id), Enumerable.Range(1200, report.Count));
        Assert.True(File.Exists(Path.Combine(outDir, "tokenizer_config.json")));

        var (baseThai, expandedThai) = TrainingFixtures.CompareExpansion(baseDir, outDir, englishHeld, thaiHeld);
        Assert.True(expandedThai * 2 < baseThai, $"Thai tokens: base {baseThai}, expanded {expandedThai}");
    }

    [Fact]
    public void New_ids_start_after_added_tokens_that_follow_the_vocabulary()
    {
        var (english, _) = TrainingFixtures.Split("english_slice.txt");
        var (thai, _) = TrainingFixtures.Split("thai_slice.txt");
        var baseJson = JsonNode.Parse(BpeJson(english, 600))!.AsObject();
        baseJson["added_tokens"]!.AsArray().Add(new JsonObject
        {
            ["id"] = 610, ["content"] = "<|im_end|>", ["single_word"] = false, ["lstrip"] = false,
            ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
        });

        var (merged, report) = VocabularyExpander.ExpandJson(baseJson.ToJsonString(), BpeJson(thai, 900));

        Assert.Equal(611, report.FirstId);
        Assert.Equal(611, report.VocabSizeBefore);
        var mergedRoot = JsonNode.Parse(merged)!;
        Assert.Contains(mergedRoot["added_tokens"]!.AsArray(), t => (int)t!["id"]! == 610 && (string)t["content"]! == "<|im_end|>");
        Assert.Equal(610, (int)mergedRoot["model"]!["vocab"]!["<|im_end|>"]!); // pinned: Rust would renumber it otherwise
        Assert.Equal(1, report.PinnedAddedTokens);
        Assert.Equal((int)baseJson["model"]!["merges"]!.AsArray().Count + report.MergesAdded, mergedRoot["model"]!["merges"]!.AsArray().Count);
    }

    [Fact]
    public void A_token_list_adds_each_token_with_the_merges_that_build_it()
    {
        var (english, _) = TrainingFixtures.Split("english_slice.txt");
        string baseDir = TrainingFixtures.TrainToDir(english, new BpeTrainerOptions { VocabSize = 800 });
        string list = Path.Combine(TrainingFixtures.TempDir(), "thai_words.txt");
        File.WriteAllLines(list, ["สวัสดี", "ภาษาไทย", "", "the"]);
        string outDir = TrainingFixtures.TempDir();

        var report = VocabularyExpander.Expand(baseDir, list, outDir);

        var vocab = Vocab(outDir);
        Assert.Contains("สวัสดี", vocab.Keys);
        Assert.Contains("ภาษาไทย", vocab.Keys);
        Assert.Equal(report.Added.Select(a => a.Token).ToHashSet(), vocab.Keys.Except(Vocab(baseDir).Keys).ToHashSet());
        var rust = TrainingFixtures.LoadRust(outDir);
        Assert.Contains((uint)vocab["สวัสดี"], rust.Encode("สวัสดี"));
        Assert.Equal("ภาษาไทย สวัสดี", rust.Decode(rust.Encode("ภาษาไทย สวัสดี")));
    }

    [Fact]
    public void Byte_level_and_metaspace_do_not_mix()
    {
        var (thai, _) = TrainingFixtures.Split("thai_slice.txt");
        string baseJson = BpeJson(thai, 400);
        string byteLevel = BpeJson(thai, 400, BpeModelKind.ByteLevel);
        var error = Assert.Throws<InvalidDataException>(() => VocabularyExpander.ExpandJson(baseJson, byteLevel));
        Assert.Contains("metaspace", error.Message, StringComparison.Ordinal);
        Assert.Contains("byte-level", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_inputs_are_clear_errors()
    {
        var (thai, _) = TrainingFixtures.Split("thai_slice.txt");
        string good = BpeJson(thai, 400);
        string dir = TrainingFixtures.TempDir();
        Assert.Contains("tokenizer.json", Assert.Throws<FileNotFoundException>(() => VocabularyExpander.Expand(dir, dir, dir)).Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => VocabularyExpander.ExpandJson("{\"model\":", good)).Message, StringComparison.Ordinal);
        string unigram = "{\"model\":{\"type\":\"Unigram\",\"vocab\":[]}}";
        Assert.Contains("only BPE", Assert.Throws<InvalidDataException>(() => VocabularyExpander.ExpandJson(unigram, good)).Message, StringComparison.Ordinal);
        string badId = "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":\"x\"},\"merges\":[]}}";
        Assert.Contains("model.vocab['a']", Assert.Throws<InvalidDataException>(() => VocabularyExpander.ExpandJson(badId, good)).Message, StringComparison.Ordinal);
        string badMerge = "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[\"a\"]}}";
        Assert.Contains("model.merges[0]", Assert.Throws<InvalidDataException>(() => VocabularyExpander.ExpandJson(badMerge, good)).Message, StringComparison.Ordinal);
    }

    private static string BpeJson(IReadOnlyList<string> lines, int vocab, BpeModelKind kind = BpeModelKind.Metaspace)
    {
        string dir = TrainingFixtures.TrainToDir(lines, new BpeTrainerOptions { VocabSize = vocab, Kind = kind });
        return File.ReadAllText(Path.Combine(dir, "tokenizer.json"));
    }

    private static Dictionary<string, int> Vocab(string dir) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "tokenizer.json")))!["model"]!["vocab"]!.AsObject()
            .ToDictionary(kv => kv.Key, kv => (int)kv.Value!);
}
