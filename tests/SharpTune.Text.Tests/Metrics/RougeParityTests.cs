using System.Text.Json;
using SharpTune.Text.Metrics;

namespace SharpTune.Text.Tests.Metrics;

/// <summary>Every case, tokenizer case and validation entry of every rouge-score fixture file.</summary>
[Trait("Category", "MetricParity")]
public sealed class RougeParityTests
{
    public static IEnumerable<object[]> CaseIds => MetricFixtures.Ids("rouge");

    public static IEnumerable<object[]> TokenizerCaseIds => MetricFixtures.Ids("rouge", "tokenizer_cases");

    public static IEnumerable<object[]> RougeFiles =>
        MetricFixtures.AllFiles().Where(f => MetricFixtures.Family(f) == "rouge").Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Rouge_matches_rouge_score(string file, string id)
    {
        // rougeLsum.nltk_sentence_split.stem "requires" NLTK's Punkt splitter; SentenceSplitter stands in for it
        // (documented on RougeOptions.SplitSummaries), so the case runs rather than being skipped.
        var c = MetricFixtures.Case(file, id);
        var p = c.GetProperty("params");
        var scorer = new RougeScorer(new RougeOptions
        {
            RougeTypes = MetricFixtures.Strings(p.GetProperty("rouge_types")),
            UseStemmer = MetricFixtures.Bool(p, "use_stemmer"),
            SplitSummaries = MetricFixtures.Bool(p, "split_summaries"),
        });
        string prediction = c.GetProperty("prediction").GetString()!;
        var scores = c.TryGetProperty("targets", out var targets)
            ? scorer.ScoreMulti(MetricFixtures.Strings(targets), prediction)
            : scorer.Score(c.GetProperty("target").GetString()!, prediction);
        var tolerance = c.GetProperty("tolerance");
        int checkedValues = 0;
        foreach (var type in c.GetProperty("expected").EnumerateObject())
        {
            Assert.True(scores.ContainsKey(type.Name), $"{id}: no {type.Name} score");
            var s = scores[type.Name];
            foreach (var field in type.Value.EnumerateObject())
            {
                double actual = field.Name switch
                {
                    "precision" => s.Precision,
                    "recall" => s.Recall,
                    "fmeasure" => s.FMeasure,
                    _ => throw new InvalidOperationException($"{id}: unknown field {field.Name}"),
                };
                MetricFixtures.AssertClose(field.Value.GetDouble(), actual, tolerance, $"{id} {type.Name}.{field.Name}");
                checkedValues++;
            }
        }
        Assert.True(checkedValues > 0, $"{id}: nothing to check");
        if (c.TryGetProperty("rouge_score_actual", out var actualScores))
        {
            foreach (var type in actualScores.EnumerateObject())
            {
                var s = scores[type.Name];
                Assert.Equal(type.Value.GetProperty("precision").GetDouble(), s.Precision, 12);
                Assert.Equal(type.Value.GetProperty("recall").GetDouble(), s.Recall, 12);
                Assert.Equal(type.Value.GetProperty("fmeasure").GetDouble(), s.FMeasure, 12);
            }
        }
    }

    [Theory]
    [MemberData(nameof(TokenizerCaseIds))]
    public void Tokenizer_matches_rouge_score(string file, string id)
    {
        var c = MetricFixtures.Case(file, id, "tokenizer_cases");
        string call = c.GetProperty("call").GetString()!;
        bool stem = call.Contains("use_stemmer=True", StringComparison.Ordinal);
        var tokens = RougeTokenizer.Tokenize(c.GetProperty("text").GetString()!, RougeTokenization.Default, stem);
        Assert.Equal(MetricFixtures.Strings(c.GetProperty("expected_tokens")), tokens);
    }

    [Theory]
    [MemberData(nameof(RougeFiles))]
    public void Rouge_type_validation_matches_rouge_score(string file)
    {
        if (!MetricFixtures.Root(file).TryGetProperty("validation", out var validation)) return;
        foreach (var type in MetricFixtures.Strings(validation.GetProperty("invalid_rouge_types_raise_ValueError").GetProperty("values")))
        {
            Assert.Throws<ArgumentException>(() => new RougeScorer(new RougeOptions { RougeTypes = [type] }));
        }
        foreach (var type in MetricFixtures.Strings(validation.GetProperty("valid_rouge_types").GetProperty("values")))
        {
            var scores = new RougeScorer(new RougeOptions { RougeTypes = [type] }).Score("testing one two", "testing");
            Assert.Equal([type], scores.Keys);
        }
    }
}
