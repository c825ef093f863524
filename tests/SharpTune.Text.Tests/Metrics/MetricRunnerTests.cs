using SharpTune.Text.Metrics;

namespace SharpTune.Text.Tests.Metrics;

/// <summary>File handling of <see cref="MetricRunner"/>: line counts, encodings, metric dispatch.</summary>
public sealed class MetricRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sharptune-metrics-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Mismatched_line_counts_name_both_files_and_counts()
    {
        string hyp = Write("hyp.txt", "a\nb\nc\n");
        string reference = Write("ref.txt", "a\nb\n");
        var e = Assert.Throws<ArgumentException>(() => MetricRunner.Run(new ScoreRequest
        {
            Metric = "bleu", HypothesisPath = hyp, ReferencePaths = [reference],
        }));
        Assert.Contains(hyp, e.Message, StringComparison.Ordinal);
        Assert.Contains(reference, e.Message, StringComparison.Ordinal);
        Assert.Contains("3 lines", e.Message, StringComparison.Ordinal);
        Assert.Contains("2 lines", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_the_file()
    {
        string hyp = Path.Combine(_dir, "bad.txt");
        File.WriteAllBytes(hyp, [0x61, 0xFF, 0x0A]);
        var e = Assert.Throws<ArgumentException>(() => MetricRunner.ReadLines(hyp, "hypothesis"));
        Assert.Contains("not valid UTF-8", e.Message, StringComparison.Ordinal);
        Assert.Contains(hyp, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bleu_from_files_equals_the_library_with_two_references()
    {
        string[] hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
        string[] r1 = ["The dog bit the man.", "It was not unexpected.", "The man bit him first."];
        string[] r2 = ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."];
        var result = MetricRunner.Run(new ScoreRequest
        {
            Metric = "bleu",
            HypothesisPath = Write("h.txt", string.Join('\n', hyps) + "\n"),
            ReferencePaths = [Write("r1.txt", string.Join('\n', r1)), Write("r2.txt", string.Join('\n', r2) + "\n")],
            Sentence = true,
        });
        Assert.Equal(48.530827, result.Score!.Value, 6);
        Assert.Equal("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0", result.Signature);
        Assert.Equal([14.0, 7, 5, 3], result.Counts);
        Assert.Equal(3, result.Sentences!.Count);
        Assert.Equal(100.0, result.Sentences[0]["bleu"], 9);
        Assert.StartsWith("1\tbleu=100.0000", result.Format(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chrf", "score")]
    [InlineData("chrf++", "score")]
    [InlineData("bleu-4-lf", "score")]
    [InlineData("rouge", "rougeLsum")]
    [InlineData("rouge-lf", "rouge-l-lf")]
    public void Every_metric_scores_identical_files_at_the_top(string metric, string key)
    {
        string text = "the quick brown fox jumps over the lazy dog\n敏捷的棕色狐狸跳过了懒狗\n";
        var result = MetricRunner.Run(new ScoreRequest
        {
            Metric = metric, HypothesisPath = Write("h.txt", text), ReferencePaths = [Write("r.txt", text)],
            Tokenize = metric == "rouge" ? "char" : null,
        });
        double value = key == "score" ? result.Score!.Value : result.Scores![key];
        Assert.True(value > 99.99, $"{metric}: {value}");
        Assert.Equal(2, result.Lines);
    }

    [Fact]
    public void Tokenize_for_a_metric_without_tokenizer_is_an_error()
    {
        string f = Write("x.txt", "a\n");
        Assert.Throws<ArgumentException>(() => MetricRunner.Run(new ScoreRequest
        {
            Metric = "chrf", HypothesisPath = f, ReferencePaths = [f], Tokenize = "13a",
        }));
        Assert.Throws<ArgumentException>(() => MetricRunner.Run(new ScoreRequest
        {
            Metric = "rouge", HypothesisPath = f, ReferencePaths = [f], Tokenize = "zh",
        }));
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var e = Assert.Throws<FileNotFoundException>(() => MetricRunner.Run(new ScoreRequest
        {
            Metric = "bleu", HypothesisPath = Path.Combine(_dir, "none.txt"), ReferencePaths = [Path.Combine(_dir, "none.txt")],
        }));
        Assert.Contains("none.txt", e.Message, StringComparison.Ordinal);
    }
}
