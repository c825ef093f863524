using SharpTune.Text.Metrics;

namespace SharpTune.Text.Tests.Metrics;

/// <summary>
/// bleu-4-lf and rouge-*-lf against LLaMA-Factory's computation (NLTK + pltrdy/rouge run with the same
/// segmentation), sample by sample, from every llamafactory fixture file.
/// </summary>
[Trait("Category", "MetricParity")]
public sealed class LlamaFactoryParityTests
{
    public static IEnumerable<object[]> CaseIds => MetricFixtures.Ids("llamafactory");

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Sample_scores_match_llamafactory(string file, string id)
    {
        var c = MetricFixtures.Case(file, id);
        var scores = LlamaFactoryMetrics.Sample(c.GetProperty("prediction").GetString()!, c.GetProperty("label").GetString()!);
        double tol = c.GetProperty("abs_tol").GetDouble();
        foreach (var expected in c.GetProperty("expected").EnumerateObject())
        {
            double actual = scores[expected.Name];
            Assert.True(Math.Abs(expected.Value.GetDouble() - actual) <= tol,
                $"{id} {expected.Name}: expected {expected.Value.GetDouble():R}, got {actual:R}");
        }
    }

    [Fact]
    public void Segmentation_keeps_ascii_words_and_splits_other_characters()
    {
        Assert.Equal(["磁", "控", "Cu2", "ZnSnS4", "薄", "?"], LlamaFactoryMetrics.Segment("磁控Cu2 ZnSnS4薄?"));
    }

    [Fact]
    public void Corpus_is_the_mean_of_samples()
    {
        var corpus = LlamaFactoryMetrics.Corpus(["abc def", ""], ["abc def", "x"]);
        Assert.Equal(50.0, corpus["bleu-4-lf"], 9);
        Assert.Equal(50.0, corpus["rouge-1-lf"], 9);
        Assert.Throws<ArgumentException>(() => LlamaFactoryMetrics.Corpus(["a"], []));
    }
}
