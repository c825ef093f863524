using SharpTune.Core.Evaluation;

namespace SharpTune.Core.Tests.Evaluation;

public sealed class BaseComparisonTests
{
    static PredictResult Answers(string who, int n) =>
        new(Enumerable.Range(0, n).Select(i => new Prediction($"prompt {i}", $"{who} {i}", $"label {i}")).ToList(), new Dictionary<string, object>());

    [Fact]
    public void The_printed_rows_spread_over_the_test_set_and_pair_each_prompt_with_both_answers()
    {
        var c = new BaseComparison(Answers("base", 60), Answers("tuned", 60));
        var rows = c.Rows(4);
        Assert.Equal(["prompt 0", "prompt 15", "prompt 30", "prompt 45"], rows.Select(r => r.Prompt));
        Assert.Equal(new ComparisonRow("prompt 15", "label 15", "base 15", "tuned 15"), rows[1]);
        Assert.Equal(3, new BaseComparison(Answers("base", 3), Answers("tuned", 3)).Rows(4).Count);   // fewer prompts than rows: all of them
        Assert.Empty(new BaseComparison(Answers("base", 0), Answers("tuned", 0)).Rows(4));
    }
}
