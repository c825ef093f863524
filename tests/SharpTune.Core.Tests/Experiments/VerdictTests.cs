using SharpTune.Core.Experiments;

namespace SharpTune.Core.Tests.Experiments;

public sealed class VerdictTests
{
    [Fact]
    public void A_lead_larger_than_the_spread_over_seeds_supports_the_claim()
    {
        var v = Verdict.Compare("a beats b", [30, 31, 32], [20, 21, 22]);
        Assert.Equal(Verdict.Supported, v.Outcome);
        Assert.Equal(10, v.Difference, 9);
        Assert.Equal(2, v.Noise, 9);
    }

    [Fact]
    public void A_difference_no_larger_than_the_spread_is_within_noise()
    {
        var v = Verdict.Compare("a beats b", [30, 33], [29, 31]);
        Assert.Equal(Verdict.WithinNoise, v.Outcome);
        Assert.Contains("within noise", v.Rule);
    }

    [Fact]
    public void A_deficit_larger_than_the_spread_contradicts_the_claim()
    {
        var v = Verdict.Compare("a beats b", [10, 11], [20, 21]);
        Assert.Equal(Verdict.Contradicted, v.Outcome);
        Assert.True(v.Difference < 0);
    }

    [Fact]
    public void A_lower_is_better_claim_flips_the_sign_of_the_difference()
    {
        var lowerLoss = Verdict.Compare("a has the lower loss", [1.0, 1.1], [2.0, 2.1], claimHigher: false);
        Assert.Equal(Verdict.Supported, lowerLoss.Outcome);
        Assert.Equal(1.0, lowerLoss.Difference, 9);
    }

    [Fact]
    public void One_run_on_each_side_gives_no_noise_estimate_and_is_inconclusive()
    {
        var v = Verdict.Compare("a beats b", [50], [10]);
        Assert.Equal(Verdict.Inconclusive, v.Outcome);
    }

    [Fact]
    public void A_deterministic_side_measured_once_is_judged_against_the_other_sides_spread()
    {
        Assert.Equal(Verdict.Supported, Verdict.Compare("sft beats base", [12, 13, 14], [6]).Outcome);
        Assert.Equal(Verdict.WithinNoise, Verdict.Compare("sft beats base", [5, 7, 9], [6]).Outcome);
    }

    [Fact]
    public void A_side_without_measurements_is_an_error_naming_the_claim()
    {
        var e = Assert.Throws<ArgumentException>(() => Verdict.Compare("a beats b", [], [1]));
        Assert.Contains("a beats b", e.Message);
    }

    [Fact]
    public void Spread_is_max_minus_min_and_zero_for_a_single_value()
    {
        Assert.Equal(4, Verdict.Spread([3, 7, 5]));
        Assert.Equal(0, Verdict.Spread([3]));
    }
}
