using System.Text.Json.Nodes;
using SharpTune.Core.Configuration;
using SharpTune.Core.Experiments;

namespace SharpTune.Core.Tests.Experiments;

public sealed class ReportWriterTests
{
    static ExperimentReport Report(string dir) => new()
    {
        Name = "demo",
        Question = "Does A beat B?",
        Setup = ["two arms"],
        Tables = [new ReportTable("scores", ["arm", "answer"], [["A", "a | b\n<script>x</script>"], ["B", "plain"]])],
        Verdicts = [Verdict.Compare("A beats B", [3, 4], [1, 1.5])],
        Plots = [ExperimentPlot.Bars(dir, "bars.png", "scores", "chrF", [ExperimentPlot.Of("A", [3, 4]), ExperimentPlot.Of("B", [1, 1.5])])],
        Caveats = ["tiny"],
        Results = new { a = new[] { 3.0, 4.0 }, b = new[] { 1.0, 1.5 } },
    };

    [Fact]
    public void The_report_names_the_question_the_computed_verdict_the_plots_and_the_command_that_regenerates_it()
    {
        using var tmp = TestPaths.NewTempDir();
        var settings = new ExperimentSettings { OutputDir = tmp.Path, Command = "sharptune experiment demo --output_dir X --seed 1" };
        string path = ReportWriter.Write(Report(tmp.Path), settings, ["configs/a.yaml"], 12.3);
        string md = File.ReadAllText(path);
        Assert.Contains("Does A beat B?", md);
        Assert.Contains("| A beats B | supported |", md);
        Assert.Contains("![bars](bars.png)", md);
        Assert.Contains("sharptune experiment demo --output_dir X --seed 1", md);
        Assert.Contains("[`configs/a.yaml`](configs/a.yaml)", md);
        Assert.Contains("cores; load average", md);
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.tmp*"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(tmp.Path, "bars.png")).Take(4).ToArray());

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(tmp.Path, ReportWriter.ResultsFile)))!;
        Assert.Equal("supported", json["verdicts"]![0]!["verdict"]!.GetValue<string>());
        Assert.Equal(4.0, json["results"]!["a"]![1]!.GetValue<double>());
    }

    [Fact]
    public void Model_output_in_a_table_cannot_break_the_markdown_or_inject_html()
    {
        string md = new ReportTable("t", ["arm", "answer"], [["A", "a | b\n<script>x</script>"]]).ToMarkdown();
        Assert.Contains("a \\| b ⏎ &lt;script&gt;x&lt;/script&gt;", md);
        Assert.DoesNotContain("<script>", md);
        Assert.Throws<InvalidOperationException>(() => new ReportTable("t", ["a", "b"], [["only one"]]).ToMarkdown());
    }

    [Fact]
    public void Every_experiment_is_listed_once_and_a_misspelt_name_gets_the_closest_one()
    {
        Assert.Equal(["pretrain-vs-sft", "methods", "shots", "data-quality", "vocab-expansion", "generalization"], ExperimentCatalog.All.Select(e => e.Name));
        var e = Assert.Throws<ArgumentException>(() => ExperimentCatalog.Find("method"));
        Assert.Contains("did you mean 'methods'", e.Message);
    }

    [Fact]
    public void An_override_no_run_can_use_is_an_error_naming_the_closest_key()
    {
        var e = Assert.Throws<ArgumentException>(() => ExperimentContext.CheckOverrides(new Dictionary<string, string> { ["learning_rat"] = "1e-3" }));
        Assert.Contains("learning_rate", e.Message);
        ExperimentContext.CheckOverrides(new Dictionary<string, string> { ["learning_rate"] = "1e-3", ["per_device_eval_batch_size"] = "4" });
        Assert.Contains("learning_rate", ArgumentSet.KeysOf(typeof(TrainingArguments)));
    }
}
