using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpTune.Cli.Tests.Commands;

/// <summary>`sharptune data …` in-process: filter with a report, dedup, stats, shots, and the one-sentence errors.</summary>
[Collection("Console")]
public sealed class DataCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sharptune-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Pairs(string name, params (string En, string Es)[] pairs)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllLines(path, pairs.Select((p, i) => JsonSerializer.Serialize(new { id = $"pkg#{i}", en = p.En, es = p.Es })));
        return path;
    }

    [Fact]
    public void Filter_writes_kept_dropped_and_a_report_with_histograms()
    {
        string input = Pairs("in.jsonl", ("Open file", "Abrir archivo"), ("Delete %s?", "¿Eliminar?"), ("Save", "Guardar"), ("Print", "Print"));
        var (exit, stdout, stderr) = CliRunner.Run("data", "filter", "--input", input, "--src", "en", "--tgt", "es",
            "--output", Path.Combine(_dir, "kept.jsonl"), "--dropped", Path.Combine(_dir, "dropped.jsonl"), "--report", Path.Combine(_dir, "report"), "--json");
        Assert.True(exit == 0, stderr);
        var summary = JsonNode.Parse(stdout)!;
        Assert.Equal(2, (int)summary["kept"]!);
        Assert.Equal(1, (int)summary["reasons"]!["placeholders"]!);
        Assert.Equal(1, (int)summary["reasons"]!["copy"]!);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_dir, "kept.jsonl")).Length);
        Assert.True(File.Exists(Path.Combine(_dir, "report", "report.md")));
        var png = File.ReadAllBytes(Path.Combine(_dir, "report", "score_length_ratio.png"));
        Assert.Equal(0x89, png[0]);
        Assert.Equal((byte)'P', png[1]);
    }

    [Fact]
    public void Score_with_a_model_writes_perplexity_ifd_and_agreement_columns()
    {
        string model = Path.Combine(CliRunner.RepoRoot, "examples", "models", "sharptune-base");
        string input = Pairs("in.jsonl", ("Open the file", "Abrir el archivo"), ("Save the document as a new file", "Guardar el documento como un archivo nuevo"), ("Print", "Imprimir"));
        string output = Path.Combine(_dir, "scored.jsonl");
        var (exit, _, stderr) = CliRunner.Run("data", "score", "--input", input, "--src", "en", "--tgt", "es", "--model_name_or_path", model,
            "--template", "alpaca", "--batch_size", "2", "--cutoff_len", "128", "--output", output, "--json");
        Assert.True(exit == 0, stderr);
        var lines = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["pkg#0", "pkg#1", "pkg#2"], lines.Select(l => (string)l["id"]!));
        foreach (var l in lines)
        {
            var scores = l["curation"]!["scores"]!;
            Assert.InRange(scores["ppl_src"]!.GetValue<double>(), 1, 4096 * 10);
            Assert.InRange(scores["ppl_tgt"]!.GetValue<double>(), 1, 4096 * 10);
            Assert.InRange(scores["ifd"]!.GetValue<double>(), 0.05, 20);
            Assert.InRange(scores["ce_agreement"]!.GetValue<double>(), 0, 20);
        }

        string alpaca = Path.Combine(_dir, "alpaca.jsonl");
        File.WriteAllLines(alpaca, [JsonSerializer.Serialize(new { instruction = "Translate to Spanish:", input = "Open the file", output = "Abrir el archivo" })]);
        var instruction = CliRunner.Run("data", "score", "--input", alpaca, "--format", "alpaca", "--model_name_or_path", model, "--template", "alpaca",
            "--output", Path.Combine(_dir, "alpaca_scored.jsonl"));
        Assert.True(instruction.Exit == 0, instruction.Err);
        var scored = JsonNode.Parse(File.ReadAllLines(Path.Combine(_dir, "alpaca_scored.jsonl"))[0])!["curation"]!["scores"]!;
        Assert.True(scored["ppl_instruction"]!.GetValue<double>() > 1);
        Assert.True(scored["ifd"]!.GetValue<double>() > 0);
        Assert.Null(scored["ce_agreement"]);
    }

    [Fact]
    public void An_adapter_without_a_model_is_a_one_sentence_error()
    {
        string input = Pairs("in.jsonl", ("Open file", "Abrir archivo"));
        var (exit, _, stderr) = CliRunner.Run("data", "score", "--input", input, "--adapter_name_or_path", _dir, "--output", Path.Combine(_dir, "o.jsonl"));
        Assert.NotEqual(0, exit);
        Assert.Contains("--adapter_name_or_path needs --model_name_or_path", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_line_fails_with_one_sentence_naming_file_and_line()
    {
        string input = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllLines(input, ["""{"en": "Open", "es": "Abrir"}""", "not json"]);
        var (exit, _, stderr) = CliRunner.Run("data", "filter", "--input", input);
        Assert.Equal(1, exit);
        Assert.StartsWith($"error: {input}:line 2: not valid JSON", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Dedup_and_stats_count_the_normalised_duplicates()
    {
        string input = Pairs("dup.jsonl", ("Open file", "Abrir archivo"), ("open file…", "Abrir archivo"), ("Save", "Guardar"));
        var (exit, stdout, stderr) = CliRunner.Run("data", "dedup", "--input", input, "--output", Path.Combine(_dir, "dedup.jsonl"), "--json");
        Assert.True(exit == 0, stderr);
        Assert.Equal(1, (int)JsonNode.Parse(stdout)!["reasons"]!["duplicate"]!);
        (exit, stdout, stderr) = CliRunner.Run("data", "stats", "--input", input, "--json");
        Assert.True(exit == 0, stderr);
        var stats = JsonNode.Parse(stdout)!;
        Assert.Equal(3, (int)stats["records"]!);
        Assert.Equal(1, (int)stats["duplicates"]!);
    }

    [Fact]
    public void Shots_writes_prompts_with_similar_solved_examples_and_never_the_query()
    {
        string pool = Pairs("pool.jsonl", ("Open the file", "Abre el archivo"), ("The red house", "La casa roja"), ("Close the file", "Cierra el archivo"));
        string input = Pairs("queries.jsonl", ("Save the file", "Guarda el archivo"), ("The red house", "La casa roja"));
        string output = Path.Combine(_dir, "shots.jsonl");
        var (exit, _, stderr) = CliRunner.Run("data", "shots", "--input", input, "--pool", pool, "--num_shots", "1", "--shot_selection", "similar",
            "--template", "alpaca", "--output", output);
        Assert.True(exit == 0, stderr);
        var rows = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal("Save the file", (string)rows[0]["en"]!);
        var messages = rows[0]["messages"]!.AsArray();
        Assert.Equal(3, messages.Count);
        Assert.Contains((string)messages[0]!["content"]!, new[] { "Open the file", "Close the file" });
        Assert.Contains("Save the file", (string)rows[0]["prompt"]!, StringComparison.Ordinal);
        Assert.Contains("### Response:", (string)rows[0]["prompt"]!, StringComparison.Ordinal);
        Assert.NotEqual("The red house", (string)rows[1]["messages"]!.AsArray()[0]!["content"]!);
    }
}
