using SharpTune.Text.Curation;

namespace SharpTune.Text.Tests.Curation;

public sealed class RuleSetYamlTests
{
    static string Yaml(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Overrides_change_threshold_hardness_weight_and_can_disable_a_scorer()
    {
        string path = Yaml("scorers:\n  length_ratio: { threshold: 1.5 }\n  urls: { hard: true }\n  end_punct: { weight: 2 }\n  lang_tgt: { enabled: false }\n");
        var rules = RuleSetYaml.Load(path, RecordKind.Pairs);
        Assert.Equal(1.5, rules.Scorers.Single(s => s.Name == "length_ratio").Threshold);
        Assert.True(rules.Scorers.Single(s => s.Name == "urls").Hard);
        Assert.Equal(2, rules.Scorers.Single(s => s.Name == "end_punct").Weight);
        Assert.DoesNotContain(rules.Scorers, s => s.Name == "lang_tgt");
        File.Delete(path);
    }

    [Fact]
    public void An_unknown_scorer_or_key_is_an_error_naming_the_closest_one()
    {
        string a = Yaml("scorers:\n  lenght_ratio: { threshold: 1 }\n");
        string b = Yaml("scorers:\n  copy:\n    treshold: 0.8\n");
        Assert.Contains("did you mean 'length_ratio'", Assert.Throws<ArgumentException>(() => RuleSetYaml.Load(a, RecordKind.Pairs)).Message, StringComparison.Ordinal);
        var e = Assert.Throws<ArgumentException>(() => RuleSetYaml.Load(b, RecordKind.Pairs));
        Assert.Contains(":3:", e.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'threshold'", e.Message, StringComparison.Ordinal);
        File.Delete(a);
        File.Delete(b);
    }

    [Fact]
    public void The_combined_score_is_the_weighted_mean_of_applicable_soft_cleanliness()
    {
        var rules = RuleSet.Default(RecordKind.Pairs);
        var scores = rules.Scorers.Select(_ => double.NaN).ToArray();
        Assert.Equal(1.0, rules.Combine(scores));
        int endPunct = rules.Scorers.ToList().FindIndex(s => s.Name == "end_punct");
        scores[endPunct] = 0.5;
        Assert.Equal(0.5, rules.Combine(scores), 12);
    }
}
