using SharpTune.Text.Metrics;

namespace SharpTune.Text.Tests.Metrics;

/// <summary>Every case of every chrF fixture file, checked against the number sacreBLEU's own tests assert.</summary>
[Trait("Category", "MetricParity")]
public sealed class ChrfParityTests
{
    public static IEnumerable<object[]> CaseIds => MetricFixtures.Ids("chrf");

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Chrf_matches_sacrebleu(string file, string id)
    {
        var c = MetricFixtures.Case(file, id);
        var p = c.GetProperty("params");
        var options = new ChrfOptions
        {
            CharOrder = p.GetProperty("char_order").GetInt32(),
            WordOrder = p.GetProperty("word_order").GetInt32(),
            Beta = p.GetProperty("beta").GetInt32(),
            Lowercase = MetricFixtures.Bool(p, "lowercase"),
            Whitespace = MetricFixtures.Bool(p, "whitespace"),
            EpsSmoothing = MetricFixtures.Bool(p, "eps_smoothing"),
        };
        string level = c.GetProperty("level").GetString()!;
        var score = level switch
        {
            "corpus" => Chrf.Corpus(MetricFixtures.Strings(c.GetProperty("hypotheses")),
                MetricFixtures.Streams(c.GetProperty("references")), options),
            "sentence" => Chrf.Sentence(c.GetProperty("hypothesis").GetString()!,
                MetricFixtures.Strings(c.GetProperty("references")), options),
            _ => throw new InvalidOperationException($"{id}: unknown level '{level}'"),
        };
        var expected = c.GetProperty("expected");
        Assert.Equal("score", expected.GetProperty("quantity").GetString());
        MetricFixtures.AssertClose(expected.GetProperty("value").GetDouble(), score.Score, expected, id);
        MetricFixtures.AssertSacreBleuExtras(c, score.Score, score.Signature, id);
    }
}
