using System.Text.Json.Nodes;

namespace SharpTune.Cli.Tests.Commands;

/// <summary>`train ... do_predict compare_with_base`: the base model answers the same prompts, both are scored.</summary>
[Collection("cli")]
public sealed class TrainCompareWithBaseTests
{
    static readonly string Stories = Path.Combine(CliRunner.RepoRoot, "examples", "models", "stories260K");
    static readonly string Data = Path.Combine(CliRunner.RepoRoot, "examples", "data");

    static string NewDir() => Path.Combine(Path.GetTempPath(), "sharptune-compare-" + Guid.NewGuid().ToString("N"));

    static (int Exit, string Out, string Err) Train(string output, string type, params string[] extra) => CliRunner.Run(
    [
        "train", "--model_name_or_path", Stories, "--finetuning_type", type, "--lora_rank", "8", "--lora_target", "q_proj,v_proj",
        "--dataset", "self_instruct_seed", "--dataset_dir", Data, "--template", "alpaca", "--output_dir", output,
        "--max_steps", "2", "--val_size", "4", "--cutoff_len", "96", "--per_device_train_batch_size", "4", "--learning_rate", "3e-2",
        "--max_new_tokens", "5", .. extra,
    ]);

    static List<string> Answers(string dir, string file) => File.ReadAllLines(Path.Combine(dir, file))
        .Select(l => JsonNode.Parse(l)!["predict"]!.GetValue<string>()).ToList();

    [Fact]
    public void Lora_and_full_runs_write_the_same_base_answers_score_both_models_and_print_them_side_by_side()
    {
        string lora = NewDir(), full = NewDir();
        try
        {
            var (exit, stdout, stderr) = Train(lora, "lora", "--do_predict", "true", "--compare_with_base", "true", "--json");
            Assert.True(exit == 0, stderr);
            foreach (var f in new[] { "generated_predictions.jsonl", "predict_results.json", "generated_predictions_base.jsonl", "predict_results_base.json" })
                Assert.True(File.Exists(Path.Combine(lora, f)), f);
            var metrics = JsonNode.Parse(stdout)!;
            double baseChrf = JsonNode.Parse(File.ReadAllText(Path.Combine(lora, "predict_results_base.json")))!["chrf"]!["score"]!.GetValue<double>();
            Assert.Equal(baseChrf, metrics["predict_base_chrf"]!.GetValue<double>(), 3);
            Assert.NotNull(metrics["predict_chrf"]);

            // full fine-tuning reloads the base weights, LoRA disables its adapter: the same base, the same greedy answers
            (exit, stdout, stderr) = Train(full, "full", "--do_predict", "true", "--compare_with_base", "true");
            Assert.True(exit == 0, stderr);
            foreach (var shown in new[] { "base model", "fine-tuned", "reference", "chrF", "BLEU", "generated_predictions_base.jsonl" })
                Assert.Contains(shown, stdout);
            Assert.Equal(Answers(lora, "generated_predictions_base.jsonl"), Answers(full, "generated_predictions_base.jsonl"));
            // two steps at lr 3e-2 change the fully fine-tuned model's answers
            Assert.NotEqual(Answers(full, "generated_predictions_base.jsonl"), Answers(full, "generated_predictions.jsonl"));
        }
        finally
        {
            foreach (var d in new[] { lora, full }) if (Directory.Exists(d)) Directory.Delete(d, true);
        }
    }

    [Fact]
    public void Compare_with_base_without_do_predict_is_refused_naming_both_keys()
    {
        string output = NewDir();
        try
        {
            var (exit, _, stderr) = Train(output, "lora", "--compare_with_base", "true");
            Assert.NotEqual(0, exit);
            Assert.Contains("compare_with_base", stderr);
            Assert.Contains("do_predict", stderr);
        }
        finally { if (Directory.Exists(output)) Directory.Delete(output, true); }
    }
}
