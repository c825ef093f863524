using SharpTune.Text.Statistics;

namespace SharpTune.Text.Tests.Statistics;

public sealed class SampleSizeTests
{
    [Fact]
    public void Votes_needed_for_55_against_50_percent_at_alpha_5_percent_and_power_80_percent_are_783()
    {
        Assert.Equal(783, SampleSize.OneSample(0.5, 0.55));             // 782.53 rounded up (statsmodels NormalIndPower, ratio=0)
    }

    [Fact]
    public void Users_per_arm_for_50_against_55_percent_are_1565()
    {
        Assert.Equal(1565, SampleSize.PerArm(0.5, 0.55));               // 1564.67 rounded up
    }

    [Fact]
    public void Smaller_differences_need_more_votes()
    {
        Assert.True(SampleSize.OneSample(0.5, 0.52) > SampleSize.OneSample(0.5, 0.55));
        Assert.True(SampleSize.OneSample(0.5, 0.55, power: 0.9) > SampleSize.OneSample(0.5, 0.55));
    }

    [Fact]
    public void Equal_rates_are_refused_naming_both_flags()
    {
        var e = Assert.Throws<ArgumentException>(() => SampleSize.OneSample(0.5, 0.5));
        Assert.Contains("--p0 and --p1", e.Message);
    }

    [Fact]
    public void Srm_check_passes_an_even_split_and_flags_a_lopsided_one()
    {
        Assert.Equal(1.0, SampleRatioMismatch.PValue([500, 500], [50, 50]), 12);
        // chi2 = (550-500)^2/500 * 2 = 10, 1 dof -> p = 0.0015654
        Assert.Equal(0.0015654, SampleRatioMismatch.PValue([550, 450], [1, 1]), 6);
        Assert.True(SampleRatioMismatch.PValue([600, 400], [1, 1]) < SampleRatioMismatch.Threshold);
        // A 90/10 split is tested against its own weights.
        Assert.True(SampleRatioMismatch.PValue([900, 100], [90, 10]) > 0.5);
    }

    [Fact]
    public void Normal_and_chi_square_functions_match_known_values()
    {
        Assert.Equal(0.975, SpecialFunctions.NormalCdf(1.959963984540054), 12);
        Assert.Equal(0.841621234, SpecialFunctions.NormalQuantile(0.8), 8);
        Assert.Equal(-3.090232306, SpecialFunctions.NormalQuantile(0.001), 8);
        Assert.Equal(0.05, SpecialFunctions.ChiSquareSurvival(5.991464547, 2), 9);   // chi2(2) at 0.95 is exactly -2 ln 0.05
        Assert.Equal(Math.Log(120), SpecialFunctions.LogGamma(6), 12);
    }
}
