using SharpTune.Server.Api;
using SharpTune.Server.Experiments;
using SharpTune.Server.Storage;

namespace SharpTune.Server.Tests.Experiments;

public sealed class AbReportBuilderTests
{
    static ExperimentStore Store(TempDir dir, double a = 0.5)
    {
        var store = EvaluationDatabase.Open(dir.File("ab.db")).Experiments;
        store.SaveDefinitions([new ExperimentDefinition("tone", "assistant", [new("a", "base", a), new("b", "polite", 1 - a)])]);
        return store;
    }

    static void Add(ExperimentStore store, string variant, int users, int up, int down, int start = 0)
    {
        for (int i = 0; i < users; i++)
        {
            string id = $"r-{variant}-{start + i}";
            store.Record(new CompletionRecord(id, new RoutedModel(variant == "a" ? "base" : "polite", "tone", variant, $"u-{variant}-{start + i}", true),
                "assistant", 100 + i, 10, 5, 20, "stop", DateTimeOffset.UtcNow));
            if (i < up) store.AddFeedback(id, new FeedbackRating("up", 1), null, DateTimeOffset.UtcNow);
            else if (i < up + down) store.AddFeedback(id, new FeedbackRating("down", 0), null, DateTimeOffset.UtcNow);
        }
    }

    [Fact]
    public void Sixty_against_forty_of_a_hundred_thumbs_is_a_significant_difference_with_wilson_bounds()
    {
        using var dir = new TempDir();
        var store = Store(dir);
        Add(store, "a", 100, 40, 60);
        Add(store, "b", 100, 60, 40);
        var e = Assert.Single(AbReportBuilder.Build(store).Experiments);
        var b = e.Variants.Single(v => v.Name == "b");
        Assert.Equal((100, 100, 100, 60, 40), (b.Requests, b.Users, b.Feedback, b.Up, b.Down));
        Assert.Equal(0.502003, b.UpRateLow!.Value, 6);                  // Wilson 60/100
        Assert.Equal(0.690599, b.UpRateHigh!.Value, 6);
        var c = Assert.Single(e.Comparisons);
        Assert.Equal(0.2, c.Difference!.Value, 12);
        Assert.True(c.Significant);                                      // pooled z = 2.828, p = 0.00468
        Assert.Equal(0.004678, c.PValue!.Value, 5);
        Assert.Null(c.MoreFeedbackNeeded);
        Assert.Contains("b beats a by +20.0 points", e.Verdict);
        Assert.Equal(1.0, e.SrmPValue!.Value, 12);
        Assert.Equal(149.5, b.LatencyP50Ms!.Value, 9);                  // latencies 100..199, numpy median
    }

    [Fact]
    public void Few_thumbs_say_too_few_to_decide_and_how_many_more_are_needed()
    {
        using var dir = new TempDir();
        var store = Store(dir);
        Add(store, "a", 10, 5, 5);
        Add(store, "b", 10, 6, 4);
        var e = Assert.Single(AbReportBuilder.Build(store).Experiments);
        var c = Assert.Single(e.Comparisons);
        Assert.False(c.Significant);
        // 0.5 against 0.6 needs 388 per arm (pooled z-test, α 0.05, power 0.8); 10 are there.
        Assert.Equal(378, c.MoreFeedbackNeeded);
        Assert.Contains("too few data to decide", e.Verdict);
        Assert.Contains("378 more thumbs per variant", e.Verdict);
    }

    [Fact]
    public void A_broken_split_is_flagged_as_sample_ratio_mismatch()
    {
        using var dir = new TempDir();
        var store = Store(dir);
        Add(store, "a", 300, 0, 0);
        Add(store, "b", 150, 0, 0);
        var e = Assert.Single(AbReportBuilder.Build(store).Experiments);
        Assert.True(e.SrmFlagged);
        Assert.StartsWith("sample ratio mismatch", e.Verdict);
    }
}
