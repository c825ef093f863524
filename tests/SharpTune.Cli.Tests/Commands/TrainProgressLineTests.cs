using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SharpTune.Core.Native;
using SharpTune.Core.Training;

namespace SharpTune.Cli.Tests.Commands;

/// <summary>What `train` prints while it runs agrees with the files it writes, and a damaged checkpoint is named.</summary>
[Collection("cli")]
public sealed partial class TrainProgressLineTests
{
    static readonly string Stories = Path.Combine(CliRunner.RepoRoot, "examples", "models", "stories260K");
    static readonly string Data = Path.Combine(CliRunner.RepoRoot, "examples", "data");

    static string[] Train(string output, params string[] extra) =>
    [
        "train", "--model_name_or_path", Stories, "--dataset", "self_instruct_seed", "--dataset_dir", Data, "--template", "alpaca",
        "--output_dir", output, "--cutoff_len", "96", "--per_device_train_batch_size", "2", "--learning_rate", "1e-3", "--max_steps", "5",
        "--logging_steps", "2", "--save_steps", "2", .. extra,
    ];

    [GeneratedRegex(@"^step (\d+)/5 epoch \S+ loss (\S+) ", RegexOptions.Multiline)]
    private static partial Regex ProgressLine();

    [Fact]
    public void The_progress_line_prints_the_loss_that_trainer_log_holds_the_window_mean()
    {
        string output = Path.Combine(Path.GetTempPath(), "sharptune-progress-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, _, stderr) = CliRunner.Run(Train(output, "--bf16", "true"));
            Assert.True(exit == 0, stderr);
            if (CpuFeatures.Bf16Warning(CpuFeatures.Current) is { } slower) Assert.Contains($"warning: {slower}", stderr);   // no AMX here
            else Assert.DoesNotContain("slower than float32", stderr);
            var printed = ProgressLine().Matches(stderr).ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => m.Groups[2].Value);
            var logged = File.ReadAllLines(Path.Combine(output, TrainerLog.FileName)).Select(l => JsonNode.Parse(l)!)
                .Where(o => o["loss"] != null)
                .ToDictionary(o => o["current_steps"]!.GetValue<int>(), o => o["loss"]!.GetValue<double>().ToString("0.0000", CultureInfo.InvariantCulture));
            Assert.Equal([2, 4, 5], logged.Keys);                                                  // every logging_steps and the last step
            Assert.Equal(logged, printed);                                                         // the same steps, the same numbers

            // a checkpoint damaged afterwards: resuming names the file, the checkpoint and the intact one before it
            File.WriteAllText(Path.Combine(output, "checkpoint-5", "trainer_state.json"), "{global_step: 5");
            var (exit2, _, err2) = CliRunner.Run(Train(output, "--resume_from_checkpoint", "true"));
            Assert.Equal(1, exit2);
            string line = Assert.Single(err2.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
            Assert.Contains($"checkpoint {Path.Combine(output, "checkpoint-5")} cannot be resumed: {Path.Combine(output, "checkpoint-5", "trainer_state.json")} is not a valid trainer state", line);
            Assert.Contains($"the newest intact checkpoint before it is {Path.Combine(output, "checkpoint-4")}", line);
        }
        finally { if (Directory.Exists(output)) Directory.Delete(output, true); }
    }
}
