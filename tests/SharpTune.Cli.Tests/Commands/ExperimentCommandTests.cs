using System.Text.Json.Nodes;
using SharpTune.Core.Configuration;

namespace SharpTune.Cli.Tests.Commands;

/// <summary>
/// `sharptune experiment NAME --quick`: each of the six runs end to end on the bundled model and data (tiny budgets:
/// 2 steps × batch 4, 16 prompts) and writes report.md, results.json, its configs and plots. Slow but necessary: 10 s to
/// about a minute each on a 2-core machine with a moderate load, several times that when it is heavily shared.
/// </summary>
[Collection("cli")]
public sealed class ExperimentCommandTests
{
    static readonly string Model = Path.Combine(CliRunner.RepoRoot, "examples", "models", "sharptune-base");
    static readonly string Data = Path.Combine(CliRunner.RepoRoot, "examples", "data");
    static readonly string[] Outcomes = ["supported", "contradicted", "within noise", "inconclusive"];

    static string NewDir() => Path.Combine(Path.GetTempPath(), "sharptune-experiment-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("pretrain-vs-sft")]
    [InlineData("methods")]
    [InlineData("shots")]
    [InlineData("data-quality")]
    [InlineData("vocab-expansion")]
    [InlineData("generalization")]
    public void Each_experiment_runs_end_to_end_with_quick_and_writes_its_report_results_configs_and_plots(string name)
    {
        string dir = NewDir();
        try
        {
            var (exit, stdout, stderr) = CliRunner.Run("experiment", name, "--quick", "--output_dir", dir, "--seed", "7", "--json",
                $"model_name_or_path={Model}", $"dataset_dir={Data}");
            Assert.True(exit == 0, stderr);
            var printed = JsonNode.Parse(stdout)!;
            Assert.Equal(name, printed["name"]!.GetValue<string>());

            string report = File.ReadAllText(Path.Combine(dir, "report.md"));
            foreach (var section in new[] { "**Question.**", "## Verdict", "## Setup", "## Results", "## Reproduce" }) Assert.Contains(section, report);
            Assert.Contains($"sharptune experiment {name} --quick --output_dir {dir} --seed 7", report);

            var results = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "results.json")))!;
            var verdicts = results["verdicts"]!.AsArray();
            Assert.NotEmpty(verdicts);
            Assert.All(verdicts, v => Assert.Contains(v!["verdict"]!.GetValue<string>(), Outcomes));
            var configs = results["configs"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
            Assert.NotEmpty(configs);
            foreach (var c in configs)
            {
                var args = ArgumentSet.Parse([Path.Combine(dir, c)]);                  // every config is a valid LLaMA-Factory-style file
                string? model = args.Get("model_name_or_path");                    // the bundled base, or a model an earlier run made
                Assert.True(model == Model || model?.StartsWith(dir, StringComparison.Ordinal) == true, $"{c}: model_name_or_path {model}");
                Assert.Contains(c.Replace('\\', '/'), report);
            }
            var plots = results["plots"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
            Assert.NotEmpty(plots);
            Assert.All(plots, p => Assert.Equal((byte)0x89, File.ReadAllBytes(Path.Combine(dir, p))[0]));
            Assert.Empty(Directory.GetFiles(dir, "*.tmp*", SearchOption.AllDirectories));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void List_names_the_six_experiments_with_their_questions()
    {
        var (exit, stdout, stderr) = CliRunner.Run("experiment", "list", "--json");
        Assert.True(exit == 0, stderr);
        var names = JsonNode.Parse(stdout)!.AsArray().Select(e => e!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["pretrain-vs-sft", "methods", "shots", "data-quality", "vocab-expansion", "generalization"], names);
    }

    [Fact]
    public void A_misspelt_experiment_or_override_is_one_error_sentence_naming_the_closest()
    {
        var (exit, _, stderr) = CliRunner.Run("experiment", "method", "--quick");
        Assert.NotEqual(0, exit);
        Assert.Contains("did you mean 'methods'", stderr);
        (exit, _, stderr) = CliRunner.Run("experiment", "methods", "--quick", "--output_dir", NewDir(), "learning_rat=1e-3");
        Assert.NotEqual(0, exit);
        Assert.Contains("learning_rate", stderr);
        (exit, _, stderr) = CliRunner.Run("experiment", "methods", "--quick", "oops");
        Assert.NotEqual(0, exit);
        Assert.Contains("not key=value", stderr);
    }
}
