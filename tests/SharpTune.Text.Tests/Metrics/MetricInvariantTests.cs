using System.Text.Json;
using SharpTune.Text.Metrics;

namespace SharpTune.Text.Tests.Metrics;

/// <summary>Properties every implementation must have, checked on real text from the fixtures.</summary>
[Trait("Category", "Numeric")]
public sealed class MetricInvariantTests
{
    /// <summary>Real sentences: the reference side of the generated BLEU corpus cases (Bible verses, UI strings).</summary>
    private static List<string> RealLines()
    {
        var root = MetricFixtures.Root("generated_sacrebleu_bleu.json");
        return root.GetProperty("cases").EnumerateArray()
            .Where(c => c.GetProperty("level").GetString() == "corpus")
            .SelectMany(c => c.GetProperty("references")[0].EnumerateArray())
            .Where(e => e.ValueKind == JsonValueKind.String)
            .Select(e => e.GetString()!).Where(s => s.Length > 0).Distinct().Take(300).ToList();
    }

    [Theory]
    [InlineData("13a")]
    [InlineData("intl")]
    [InlineData("zh")]
    [InlineData("char")]
    [InlineData("none")]
    public void Bleu_of_a_text_against_itself_is_100(string tokenize)
    {
        var lines = RealLines();
        var score = Bleu.Corpus(lines, [lines], new BleuOptions { Tokenize = tokenize });
        Assert.Equal(100.0, score.Score, 9);
        Assert.Equal(score.SysLen, score.RefLen);
        foreach (var line in lines.Take(40))
        {
            Assert.Equal(100.0, Bleu.Sentence(line, [line], BleuOptions.Sentence with { Tokenize = tokenize }).Score, 9);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Chrf_of_a_text_against_itself_is_100(int wordOrder)
    {
        var lines = RealLines();
        Assert.Equal(100.0, Chrf.Corpus(lines, [lines], new ChrfOptions { WordOrder = wordOrder }).Score, 9);
        foreach (var line in lines.Take(40))
        {
            Assert.Equal(100.0, Chrf.Sentence(line, [line], new ChrfOptions { WordOrder = wordOrder }).Score, 9);
        }
    }

    [Fact]
    public void Rouge_of_a_text_against_itself_is_1()
    {
        var scorer = new RougeScorer();
        foreach (var line in RealLines().Where(l => l.Any(char.IsAsciiLetter)).Take(40))
        {
            foreach (var s in scorer.Score(line, line).Values) Assert.Equal(1.0, s.FMeasure, 12);
        }
    }

    [Fact]
    public void Empty_hypotheses_score_zero_like_the_peers()
    {
        Assert.Equal(0.0, Bleu.Corpus(["", ""], [["a b c d e", "f g h i"]]).Score);
        Assert.Equal(0.0, Bleu.Sentence("", ["a b c d e"]).Score);
        Assert.Equal(0.0, Chrf.Sentence("", ["reference"]).Score);
        Assert.All(new RougeScorer().Score("a b c", "").Values, s => Assert.Equal(RougeScore.Zero, s));
        Assert.All(LlamaFactoryMetrics.Sample("", "参考").Values, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Mismatched_reference_stream_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Bleu.Corpus(["a", "b"], [["a"]]));
        Assert.Contains("1 segments but there are 2 hypotheses", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Chrf.Corpus(["a"], [["a", "b"]]));
    }

    [Fact]
    public void Unknown_options_are_clear_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => Bleu.Corpus(["a"], [["a"]], new BleuOptions { Tokenize = "13b" }));
        Assert.Contains("13a, intl, zh, char, none", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Bleu.Corpus(["a"], [["a"]], new BleuOptions { SmoothMethod = "laplace" }));
        Assert.Throws<ArgumentException>(() => new RougeScorer(new RougeOptions { RougeTypes = ["rougeX"] }));
    }

    [Fact]
    public void Bleu_drops_a_shuffled_hypothesis_below_100()
    {
        var lines = RealLines();
        var shuffled = lines.Select(l => string.Join(' ', l.Split(' ').Reverse())).ToList();
        Assert.InRange(Bleu.Corpus(shuffled, [lines]).Score, 0, 99);
        Assert.InRange(Chrf.Corpus(shuffled, [lines], ChrfOptions.ChrfPlusPlus).Score, 0, 99.9);
    }

    [Fact]
    public void Ties_break_like_sacrebleu()
    {
        // chrF keeps the FIRST reference among equal sentence F-scores (stats differ: [2,1,1] vs [2,4,2]).
        var chrf = Chrf.Corpus(["ab", "xyz"], [["a", "xyz"], ["abcd", "xyz"]], new ChrfOptions { CharOrder = 1, Beta = 1 });
        Assert.Equal(88.8888888888889, chrf.Score, 9);
        // BLEU takes the SHORTER of two equally close reference lengths.
        Assert.Equal(2, Bleu.Corpus(["a b c"], [["a b"], ["a b c d"]], new BleuOptions { MaxNgramOrder = 1 }).RefLen);
    }
}
