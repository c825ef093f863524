using SharpTune.Server.Api;
using SharpTune.Server.Experiments;
using SharpTune.Server.Storage;
using SharpTune.Text.Statistics;

namespace SharpTune.Server.Tests.Experiments;

public sealed class ExperimentRouterTests
{
    static ExperimentDefinition Tone(double a = 0.5, double b = 0.5) =>
        new("tone", "assistant", [new ExperimentVariant("a", "base", a), new ExperimentVariant("b", "polite", b)]);

    static ExperimentRouter Router(TempDir dir, params ExperimentDefinition[] e) => new(e, EvaluationDatabase.Open(dir.File("ab.db")).Experiments);

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(0.8, 0.2)]
    public void The_split_over_2000_simulated_users_holds_within_statistical_bounds(double a, double b)
    {
        using var dir = new TempDir();
        var router = Router(dir, Tone(a, b));
        var counts = Enumerable.Range(0, 2000).Select(i => router.Route("assistant", $"user-{i}")!.Variant)
            .GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        // Binomial sd at 2000 users is at most 22.4: 4.5 sd is 100 users. The χ² check says the same in one number.
        Assert.InRange(counts["a"], 2000 * a - 100, 2000 * a + 100);
        Assert.True(SampleRatioMismatch.PValue([counts["a"], counts["b"]], [a, b]) > SampleRatioMismatch.Threshold);
    }

    [Fact]
    public void Each_user_always_gets_the_same_variant_even_from_a_new_router_after_a_restart()
    {
        using var dir = new TempDir();
        var first = Router(dir, Tone());
        var assigned = Enumerable.Range(0, 200).ToDictionary(i => $"user-{i}", i => first.Route("assistant", $"user-{i}")!);
        foreach (var (user, route) in assigned)
        {
            for (int k = 0; k < 3; k++) Assert.Equal(route.Variant, first.Route("assistant", user)!.Variant);
            Assert.True(route.Sticky);
            Assert.Equal(user, route.UserId);
        }
        var restarted = Router(dir, Tone());
        Assert.All(assigned, kv => Assert.Equal(kv.Value.Variant, restarted.Route("assistant", kv.Key)!.Variant));
        Assert.Equal(2, assigned.Values.Select(r => r.Variant).Distinct().Count());
    }

    [Fact]
    public void A_request_without_a_user_is_drawn_at_random_and_marked_not_sticky()
    {
        using var dir = new TempDir();
        var router = new ExperimentRouter([Tone()], EvaluationDatabase.Open(dir.File("ab.db")).Experiments, new Random(7));
        var routes = Enumerable.Range(0, 400).Select(_ => router.Route("assistant", null)!).ToList();
        Assert.All(routes, r => Assert.False(r.Sticky));
        Assert.All(routes, r => Assert.Null(r.UserId));
        Assert.InRange(routes.Count(r => r.Variant == "a"), 140, 260);
    }

    [Fact]
    public void Other_model_names_pass_through_unrouted()
    {
        using var dir = new TempDir();
        Assert.Null(Router(dir, Tone()).Route("polite", "u1"));
    }

    [Fact]
    public void Completed_records_are_in_the_database_with_their_variant_and_user()
    {
        using var dir = new TempDir();
        var router = Router(dir, Tone());
        var route = router.Route("assistant", "u1")!;
        router.Completed(new CompletionRecord("chatcmpl-1", route, "assistant", 120, 15, 7, 12, "stop", DateTimeOffset.UtcNow));
        var row = Assert.Single(EvaluationDatabase.Open(dir.File("ab.db")).Experiments.Responses("tone"));
        Assert.Equal(("chatcmpl-1", route.Variant, "u1", 120.0, 12), (row.ResponseId, row.Variant, row.UserId, row.LatencyMs, row.CompletionTokens));
    }
}
