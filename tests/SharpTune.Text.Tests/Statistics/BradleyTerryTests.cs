using SharpTune.Text.Statistics;

namespace SharpTune.Text.Tests.Statistics;

public sealed class BradleyTerryTests
{
    internal static List<PairwiseVote> Votes(string a, string b, int aWins, int bWins, int ties = 0) =>
        [.. Enumerable.Repeat(new PairwiseVote(a, b, PairwiseOutcome.ModelA), aWins),
         .. Enumerable.Repeat(new PairwiseVote(a, b, PairwiseOutcome.ModelB), bWins),
         .. Enumerable.Repeat(new PairwiseVote(a, b, PairwiseOutcome.Tie), ties)];

    [Fact]
    public void Sixty_wins_of_a_hundred_is_a_gap_of_400_log10_of_1_5_around_1000()
    {
        var r = BradleyTerry.Fit(Votes("x", "y", 60, 40));
        double gap = 400 * Math.Log10(60.0 / 40);                      // 70.437 points, the closed-form MLE
        Assert.Equal(gap, r["x"] - r["y"], 5);
        Assert.Equal(1000, (r["x"] + r["y"]) / 2, 6);
    }

    [Fact]
    public void A_tie_counts_as_half_a_win_for_each_side()
    {
        var withTies = BradleyTerry.Fit(Votes("x", "y", 50, 30, ties: 20));
        var without = BradleyTerry.Fit(Votes("x", "y", 60, 40));
        Assert.Equal(without["x"], withTies["x"], 6);
    }

    [Fact]
    public void Three_models_with_consistent_odds_get_their_strength_ratios_back()
    {
        // Strengths 4 : 2 : 1 give P(x>y) = 2/3, P(y>z) = 2/3, P(x>z) = 4/5; with counts in exactly those ratios the
        // MLE is the strengths themselves: 400*log10(2) = 120.412 points apart, centred on 1000.
        var votes = Votes("x", "y", 20, 10).Concat(Votes("y", "z", 20, 10)).Concat(Votes("x", "z", 24, 6)).ToList();
        var r = BradleyTerry.Fit(votes);
        double step = 400 * Math.Log10(2);
        Assert.Equal(1000 + step, r["x"], 5);
        Assert.Equal(1000, r["y"], 5);
        Assert.Equal(1000 - step, r["z"], 5);
    }

    [Fact]
    public void A_model_that_never_lost_is_named_as_separated_and_still_gets_a_finite_top_rating()
    {
        var votes = Votes("x", "y", 5, 0).Concat(Votes("y", "z", 3, 3)).ToList();
        var r = BradleyTerry.Fit(votes);
        Assert.Equal(["x"], BradleyTerry.Separated(votes));
        Assert.True(double.IsFinite(r["x"]) && r["x"] > r["y"] + 400);
    }

    [Fact]
    public void Bootstrap_is_seeded_and_its_interval_contains_the_point_rating()
    {
        var votes = Votes("x", "y", 60, 40).Concat(Votes("y", "z", 55, 45)).ToList();
        var a = RatingBootstrap.Fit(votes, rounds: 100, seed: 0);
        var b = RatingBootstrap.Fit(votes, rounds: 100, seed: 0);
        Assert.Equal(a, b);
        Assert.Equal(["x", "y", "z"], a.Select(m => m.Model));
        foreach (var m in a) Assert.InRange(m.Rating, m.Low, m.High);
        Assert.NotEqual(a, RatingBootstrap.Fit(votes, rounds: 100, seed: 1));
    }

    [Fact]
    public void Quantile_interpolates_linearly_as_numpy_does()
    {
        Assert.Equal(3.25, Quantiles.Linear([4, 1, 2, 3, 5], 0.5625), 12);   // np.quantile([1..5], .5625) = 3.25
    }

    [Fact]
    public void Online_elo_moves_two_new_models_by_k_half_after_one_win()
    {
        var r = OnlineElo.Compute([new PairwiseVote("x", "y", PairwiseOutcome.ModelA)]);
        Assert.Equal(1002, r["x"], 12);
        Assert.Equal(998, r["y"], 12);
        var tie = OnlineElo.Compute([new PairwiseVote("x", "y", PairwiseOutcome.TieBothBad)]);
        Assert.Equal(1000, tie["x"], 12);
    }
}
