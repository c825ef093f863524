using System.Text.Json.Nodes;

namespace SharpTune.Cli.Tests.Commands;

[Collection("cli")]
public sealed class EvalCommandsTests
{
    static readonly string Stories = Path.Combine(CliRunner.RepoRoot, "examples", "models", "stories260K");
    static readonly string Data = Path.Combine(CliRunner.RepoRoot, "examples", "data");

    [Fact]
    public void Predict_writes_llama_factory_files_with_sacrebleu_signatures()
    {
        string output = Path.Combine(Path.GetTempPath(), "sharptune-predict-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, stdout, stderr) = CliRunner.Run("predict", "--model_name_or_path", Stories, "--dataset", "bible_en_es_demo", "--dataset_dir", Data,
                "--template", "alpaca", "--max_samples", "3", "--max_new_tokens", "6", "--output_dir", output, "--json");
            Assert.True(exit == 0, stderr);
            var lines = File.ReadAllLines(Path.Combine(output, "generated_predictions.jsonl"));
            Assert.Equal(3, lines.Length);
            var first = JsonNode.Parse(lines[0])!;
            Assert.StartsWith("En el principio", first["label"]!.GetValue<string>());
            Assert.Contains("Translate to Spanish", first["prompt"]!.GetValue<string>());
            var scores = JsonNode.Parse(stdout)!;
            Assert.StartsWith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:", scores["bleu"]!["signature"]!.GetValue<string>());
            Assert.NotNull(scores["chrf"]!["score"]);
            Assert.True(File.Exists(Path.Combine(output, "predict_results.json")));
        }
        finally { if (Directory.Exists(output)) Directory.Delete(output, true); }
    }

    [Fact]
    public void Eval_reports_loss_and_perplexity_for_text_and_for_conversations()
    {
        var pt = CliRunner.Run("eval", "--model_name_or_path", Stories, "--dataset", "english_prose_demo", "--dataset_dir", Data,
            "--stage", "pt", "--cutoff_len", "64", "--max_samples", "5", "--json");
        Assert.True(pt.Exit == 0, pt.Err);
        var r = JsonNode.Parse(pt.Out)!;
        Assert.Equal(Math.Exp(r["eval_loss"]!.GetValue<double>()), r["perplexity"]!.GetValue<double>(), 6);
        var sft = CliRunner.Run("eval", "--model_name_or_path", Stories, "--dataset", "self_instruct_seed", "--dataset_dir", Data,
            "--template", "alpaca", "--max_samples", "4", "--json");
        Assert.True(sft.Exit == 0, sft.Err);
        Assert.True(JsonNode.Parse(sft.Out)!["tokens"]!.GetValue<long>() > 0);
    }
}
