using SharpTune.Core.Configuration;
using SharpTune.Core.Data;
using SharpTune.Text.Templates;

namespace SharpTune.Core.Tests.Data;

public sealed class DatasetLoaderTests
{
    static readonly string Examples = Path.Combine(TestPaths.RepoRoot, "examples", "data");

    static TempDir Registry(string info, params (string Name, string Content)[] files)
    {
        var dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir.Path, DatasetRegistry.FileName), info);
        foreach (var (name, content) in files) File.WriteAllText(Path.Combine(dir.Path, name), content);
        return dir;
    }

    [Fact]
    public void Alpaca_records_become_a_user_turn_of_instruction_and_input_and_an_assistant_turn()
    {
        var (samples, report) = DatasetLoader.Load(new DataArguments { DatasetDir = Examples }, ["self_instruct_seed"], 1);
        Assert.Equal(175, samples.Count);
        Assert.Equal(175, report.Kept["self_instruct_seed"]);
        var withInput = samples.First(s => s.Messages[0].Content.Contains("Night : Day", StringComparison.Ordinal));
        Assert.Equal("What is the relation between the given pairs?\nNight : Day :: Right : Left", withInput.Messages[0].Content);
        Assert.Equal(ChatRole.Assistant, withInput.Messages[1].Role);
        Assert.EndsWith("self_instruct_seed.jsonl:2", withInput.Location);
    }

    [Fact]
    public void Sharegpt_and_plain_text_datasets_load_and_concat()
    {
        var (samples, _) = DatasetLoader.Load(new DataArguments { DatasetDir = Examples, MaxSamples = 10 }, ["bible_en_es_demo", "english_prose_demo"], 1);
        Assert.Equal(20, samples.Count);
        Assert.StartsWith("Translate to Spanish: In the beginning", samples[0].Messages[0].Content);
        Assert.Equal(2, samples[0].Messages.Count);
        Assert.Single(samples[^1].Messages);
    }

    [Fact]
    public void Openai_messages_with_a_system_turn_are_understood()
    {
        using var dir = Registry("""{"chat": {"file_name": "c.jsonl", "formatting": "sharegpt", "columns": {"messages": "messages"}}}""",
            ("c.jsonl", """{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}""" + "\n"));
        var (s, _) = DatasetLoader.Load(new DataArguments { DatasetDir = dir.Path }, ["chat"], 1);
        Assert.Equal("Be brief.", s[0].System);
        Assert.Equal([ChatMessage.User("Hi"), ChatMessage.Assistant("Hello")], s[0].Messages);
    }

    [Fact]
    public async Task Csv_and_parquet_files_read_like_json()
    {
        using var dir = Registry("""{"c": {"file_name": "d.csv"}, "p": {"file_name": "d.parquet"}}""",
            ("d.csv", "instruction,input,output\n\"Say hi, please\",,hi\nAdd,\"1,2\",3\n"));
        using (var fs = File.Create(Path.Combine(dir.Path, "d.parquet")))
            await Parquet.Serialization.ParquetSerializer.SerializeAsync(new[] { new Row { instruction = "Add", input = "1,2", output = "3" } }, fs);
        var (csv, _) = DatasetLoader.Load(new DataArguments { DatasetDir = dir.Path }, ["c"], 1);
        var (pq, _) = DatasetLoader.Load(new DataArguments { DatasetDir = dir.Path }, ["p"], 1);
        Assert.Equal("Say hi, please", csv[0].Messages[0].Content);
        Assert.Equal(csv[1].Messages, pq[0].Messages);
        Assert.Equal("Add\n1,2", pq[0].Messages[0].Content);
    }

    public sealed class Row
    {
        public string instruction { get; set; } = "";
        public string input { get; set; } = "";
        public string output { get; set; } = "";
    }

    [Fact]
    public void A_malformed_line_names_file_and_line_unless_skipped_and_counted()
    {
        using var dir = Registry("""{"d": {"file_name": "d.jsonl"}}""",
            ("d.jsonl", "{\"instruction\": \"a\", \"output\": \"b\"}\n{broken\n{\"input\": \"\", \"output\": \"x\"}\n{\"instruction\": \"c\", \"output\": \"d\"}\n"));
        var e = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(new DataArguments { DatasetDir = dir.Path }, ["d"], 1));
        Assert.Contains("d.jsonl:2", e.Message);
        var (s, report) = DatasetLoader.Load(new DataArguments { DatasetDir = dir.Path, SkipInvalid = true }, ["d"], 1);
        Assert.Equal(2, s.Count);
        Assert.Equal(2, report.Skipped);
        Assert.Contains(report.SkipReasons, r => r.Contains("d.jsonl:3") && r.Contains("no text in column 'instruction'"));
    }

    [Fact]
    public void Unknown_dataset_name_suggests_the_closest()
    {
        var e = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(new DataArguments { DatasetDir = Examples }, ["self_instruct_sed"], 1));
        Assert.Contains("did you mean 'self_instruct_seed'", e.Message);
    }

    [Fact]
    public void Hub_datasets_and_empty_datasets_are_clear_errors()
    {
        using var dir = Registry("""{"hub": {"hf_hub_url": "org/data"}, "empty": {"file_name": "e.jsonl"}}""", ("e.jsonl", "\n"));
        Assert.Contains("reads local files only", Assert.Throws<DataFormatException>(() => DatasetLoader.Load(new DataArguments { DatasetDir = dir.Path }, ["empty"], 1)).Message);
        using var dir2 = Registry("""{"empty": {"file_name": "e.jsonl"}}""", ("e.jsonl", "\n"));
        Assert.Contains("no usable examples", Assert.Throws<DataFormatException>(() => DatasetLoader.Load(new DataArguments { DatasetDir = dir2.Path }, ["empty"], 1)).Message);
    }

    [Fact]
    public void Sharegpt_turns_out_of_order_are_rejected()
    {
        using var dir = Registry("""{"s": {"file_name": "s.json", "formatting": "sharegpt"}}""",
            ("s.json", """[{"conversations": [{"from": "gpt", "value": "x"}, {"from": "human", "value": "y"}]}]"""));
        var e = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(new DataArguments { DatasetDir = dir.Path }, ["s"], 1));
        Assert.Contains("s.json item 1", e.Message);
        Assert.Contains("role 'gpt'", e.Message);
    }

    [Fact]
    public void Mix_strategies_stop_or_oversample_as_llama_factory()
    {
        IReadOnlyList<int> a = [1, 2, 3], b = [10, 20, 30, 40, 50];
        Assert.Equal(8, DatasetMixer.Mix([a, b], "concat", [], 0).Count);
        Assert.Equal([1, 10, 2, 20, 3, 30], DatasetMixer.Mix([a, b], "interleave_under", [], 0));
        var over = DatasetMixer.Mix([a, b], "interleave_over", [], 0);
        Assert.Equal([1, 10, 2, 20, 3, 30, 1, 40, 2, 50], over);
        Assert.Equal([1, 10, 2, 20, 3, 30, 40, 50], DatasetMixer.Mix([a, b], "interleave_once", [], 0));
        var weighted = DatasetMixer.Mix([a, b], "interleave_over", [0.2, 0.8], 3);
        Assert.True(weighted.Count(x => x >= 10) > weighted.Count(x => x < 10));
        Assert.Throws<ArgumentException>(() => DatasetMixer.Mix([a, b], "interleave_under", [0.5], 0));
        Assert.Throws<ArgumentException>(() => DatasetMixer.Mix([a, b], "zip", [], 0));
    }

    /// <summary>The orders of Hugging Face datasets' interleave_datasets (LLaMA-Factory's mixer) for lengths 3, 4, 5 (values
    /// are indices into the concatenation, as in its comments) and its test of all_exhausted_without_replacement.</summary>
    [Theory]
    [InlineData("interleave_under", new[] { 0, 3, 7, 1, 4, 8, 2, 5, 9 })]
    [InlineData("interleave_over", new[] { 0, 3, 7, 1, 4, 8, 2, 5, 9, 0, 6, 10, 1, 3, 11 })]
    [InlineData("interleave_once", new[] { 0, 3, 7, 1, 4, 8, 2, 5, 9, 6, 10, 11 })]
    public void Round_robin_mixing_matches_hugging_face_datasets(string strategy, int[] expected)
    {
        IReadOnlyList<int> a = [0, 1, 2], b = [3, 4, 5, 6], c = [7, 8, 9, 10, 11];
        Assert.Equal(expected, DatasetMixer.Mix([a, b, c], strategy, [], 0));
    }

    [Fact]
    public void Sampled_interleave_once_uses_every_example_exactly_once()
    {
        IReadOnlyList<int> a = Enumerable.Range(0, 30).ToList(), b = Enumerable.Range(100, 5).ToList(), z = [999];
        var mixed = DatasetMixer.Mix([a, b, z], "interleave_once", [0.3, 0.7, 0.0], 11);
        Assert.Equal(a.Concat(b).Order(), mixed.Order());                                     // probability 0: never drawn
        Assert.True(mixed.Take(10).Count(x => x >= 100) >= 3, string.Join(",", mixed));        // b, drawn at 0.7, comes early
        var under = DatasetMixer.Mix([a, b], "interleave_under", [0.3, 0.7], 11);
        Assert.Equal(5, under.Count(x => x >= 100));                                           // stops when b runs out
    }

    [Fact]
    public void Num_samples_draws_a_seeded_sample_of_the_whole_file_before_max_samples_cuts_it()
    {
        var rows = string.Join("\n", Enumerable.Range(0, 20).Select(i => $"{{\"instruction\": \"q{i}\", \"output\": \"a{i}\"}}"));
        using var dir = Registry("""{"d": {"file_name": "d.jsonl", "num_samples": 6}}""", ("d.jsonl", rows));
        var args = new DataArguments { DatasetDir = dir.Path };
        var six = DatasetLoader.Load(args, ["d"], 3).Samples.Select(s => s.Messages[0].Content).ToList();
        Assert.Equal(6, six.Distinct().Count());
        Assert.NotEqual(Enumerable.Range(0, 6).Select(i => $"q{i}"), six);                     // drawn from all 20, not the first 6
        Assert.Equal(six, DatasetLoader.Load(args, ["d"], 3).Samples.Select(s => s.Messages[0].Content));   // seeded
        var two = DatasetLoader.Load(args with { MaxSamples = 2 }, ["d"], 3).Samples.Select(s => s.Messages[0].Content);
        Assert.Equal(six.Take(2), two);                                                        // max_samples applies after

        var more = DatasetLoader.Resample(Enumerable.Range(0, 5).ToList(), 12, 1);
        Assert.Equal(12, more.Count);
        Assert.Equal(Enumerable.Range(0, 5), more.Distinct().Order());                         // every one at least once
        Assert.Empty(DatasetLoader.Resample(new List<int>(), 3, 1));
    }

    [Fact]
    public void Validation_split_holds_out_a_fraction_or_a_count()
    {
        var items = Enumerable.Range(0, 100).ToList();
        var (train, eval) = DatasetLoader.Split(items, 0.1, 42);
        Assert.Equal(90, train.Count);
        Assert.Equal(10, eval.Count);
        Assert.Empty(train.Intersect(eval));
        Assert.Equal(7, DatasetLoader.Split(items, 7, 42).Eval.Count);
    }
}
