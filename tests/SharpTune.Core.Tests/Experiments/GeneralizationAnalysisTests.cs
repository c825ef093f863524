using SharpTune.Core.Evaluation;
using SharpTune.Core.Experiments;

namespace SharpTune.Core.Tests.Experiments;

/// <summary>The generalization report scores answers per family and judges them against the base (synthetic runs).</summary>
public sealed class GeneralizationAnalysisTests
{
    static readonly string[] Families = ["langid", "langid", "first_words", "first_words"];
    static readonly string[] Labels = ["English", "Spanish", "Call me Ishmael", "Y dijo Dios"];

    static RunOutcome Run(string id, string[] answers, string[]? baseAnswers = null) =>
        new(id, "/nowhere/" + id, new Dictionary<string, double>(), Predict(answers)) { BasePredictions = baseAnswers is null ? [] : Predict(baseAnswers) };

    static IReadOnlyList<Prediction> Predict(string[] answers) => answers.Select((a, i) => new Prediction("### Instruction:\nq\nx\n\n### Response:\n", a, Labels[i])).ToList();

    [Fact]
    public void Unseen_families_answered_better_than_the_base_by_more_than_the_seed_spread_support_the_claim()
    {
        using var tmp = TestPaths.NewTempDir();
        string[] none = ["", "", "", ""];
        var heldOut = new[] { Run("a", ["English", "Spanish", "x", "y"], none), Run("b", ["English", "Spanish", "Call me Ishmael", "y"]) };
        var all = new[] { Run("c", ["English", "Spanish", "Call me Ishmael", "Y dijo Dios"]), Run("d", ["English", "Spanish", "Call me Ishmael", "Y dijo Dios."]) };
        var r = new GeneralizationExperiment().Analyse(tmp.Path, heldOut, all, Families, Budget.For(quick: false));

        Assert.Equal(Verdict.Supported, r.Verdicts[0].Outcome);                  // 62.5 % vs 0 %, spread 25
        Assert.Equal(62.5, r.Verdicts[0].Difference, 9);
        Assert.Equal(Verdict.Supported, r.Verdicts[1].Outcome);                  // 100 % vs 62.5 %, spread 25
        var translationOnly = r.Tables[0].Rows[1];
        Assert.Equal(["first_words accuracy", "langid accuracy"], r.Tables[0].Headers.Skip(2).Take(2));
        Assert.StartsWith("25%", translationOnly[2]);                             // first_words: 0 and 1 of 2
        Assert.StartsWith("100%", translationOnly[3]);                            // langid: 2 of 2 for both seeds
    }
}
