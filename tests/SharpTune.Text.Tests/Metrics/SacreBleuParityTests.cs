using System.Globalization;
using System.Text.Json;
using SharpTune.Text.Metrics;

namespace SharpTune.Text.Tests.Metrics;

/// <summary>Every case of every BLEU fixture file (sacrebleu_bleu.json, generated_sacrebleu_bleu.json, …), checked against the number sacreBLEU's own tests assert.</summary>
[Trait("Category", "MetricParity")]
public sealed class SacreBleuParityTests
{
    public static IEnumerable<object[]> CaseIds => MetricFixtures.Ids("bleu");

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Bleu_matches_sacrebleu(string file, string id)
    {
        var c = MetricFixtures.Case(file, id);
        var p = c.GetProperty("params");
        var score = Compute(c, p);
        var expected = c.GetProperty("expected");
        string quantity = expected.GetProperty("quantity").GetString()!;
        switch (quantity)
        {
            case "score":
                MetricFixtures.AssertClose(expected.GetProperty("value").GetDouble(), score.Score, expected, id);
                break;
            case "score/100":
                MetricFixtures.AssertClose(expected.GetProperty("value").GetDouble(), score.Score / 100, expected, id);
                break;
            case "counts_and_totals":
                Assert.Equal(Longs(expected.GetProperty("counts")), score.Counts.Select(x => (long)x));
                Assert.Equal(Longs(expected.GetProperty("totals")), score.Totals.Select(x => (long)x));
                break;
            default:
                Assert.True(expected.TryGetProperty("value_str", out var str), $"{id}: unknown quantity '{quantity}'");
                Assert.Equal(str.GetString(), score.Score.ToString("F2", CultureInfo.InvariantCulture));
                break;
        }
        if (c.TryGetProperty("sacrebleu_actual_stats", out var stats))
        {
            Assert.Equal(Doubles(stats.GetProperty("counts")), score.Counts);
            Assert.Equal(Doubles(stats.GetProperty("totals")), score.Totals);
            Assert.Equal(stats.GetProperty("sys_len").GetInt64(), score.SysLen);
            Assert.Equal(stats.GetProperty("ref_len").GetInt64(), score.RefLen);
        }
        MetricFixtures.AssertSacreBleuExtras(c, score.Score, score.Signature, id);
    }

    private static BleuScore Compute(JsonElement c, JsonElement p)
    {
        string level = c.GetProperty("level").GetString()!;
        string smooth = p.GetProperty("smooth_method").GetString()!;
        double? smoothValue = MetricFixtures.Double(p, "smooth_value");
        int order = p.GetProperty("max_ngram_order").GetInt32();
        bool eff = MetricFixtures.Bool(p, "effective_order");
        if (level == "statistics")
        {
            var s = c.GetProperty("statistics");
            return Bleu.FromStatistics(Doubles(s.GetProperty("correct")), Doubles(s.GetProperty("total")),
                s.GetProperty("sys_len").GetInt64(), s.GetProperty("ref_len").GetInt64(), smooth, smoothValue, eff, order);
        }
        var options = new BleuOptions
        {
            Lowercase = MetricFixtures.Bool(p, "lowercase"),
            Tokenize = p.GetProperty("tokenize").GetString()!,
            SmoothMethod = smooth,
            SmoothValue = smoothValue,
            MaxNgramOrder = order,
            EffectiveOrder = eff,
        };
        return level switch
        {
            "corpus" => Bleu.Corpus(MetricFixtures.Strings(c.GetProperty("hypotheses")),
                MetricFixtures.Streams(c.GetProperty("references")), options),
            "sentence" => Bleu.Sentence(c.GetProperty("hypothesis").GetString()!,
                MetricFixtures.Strings(c.GetProperty("references")), options),
            _ => throw new InvalidOperationException($"unknown level '{level}'"),
        };
    }

    private static double[] Doubles(JsonElement a) => a.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static long[] Longs(JsonElement a) => a.EnumerateArray().Select(e => e.GetInt64()).ToArray();
}
