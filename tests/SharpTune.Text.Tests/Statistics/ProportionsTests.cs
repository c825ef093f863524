using SharpTune.Text.Statistics;

namespace SharpTune.Text.Tests.Statistics;

public sealed class ProportionsTests
{
    // Textbook values (statsmodels proportion_confint(method="wilson"), computed to 6 decimals); the tolerance is the
    // last printed digit.
    [Theory]
    [InlineData(60, 100, 0.502003, 0.690599)]
    [InlineData(15, 20, 0.531299, 0.888138)]
    public void Wilson_interval_matches_the_textbook_values(int k, int n, double low, double high)
    {
        var p = Proportions.Wilson(k, n);
        Assert.Equal(low, p.Low, 6);
        Assert.Equal(high, p.High, 6);
        Assert.Equal((double)k / n, p.Rate, 12);
    }

    [Fact]
    public void Wilson_interval_of_no_trials_is_the_whole_range()
    {
        var p = Proportions.Wilson(0, 0);
        Assert.True(double.IsNaN(p.Rate));
        Assert.Equal((0.0, 1.0), (p.Low, p.High));
    }

    [Fact]
    public void Wilson_interval_stays_inside_zero_and_one_at_the_extremes()
    {
        var all = Proportions.Wilson(10, 10);
        Assert.Equal(1.0, all.High, 12);
        Assert.InRange(all.Low, 0.69, 0.73);                           // 0.722460 (Wilson, 10/10)
        Assert.Equal(0.0, Proportions.Wilson(0, 10).Low, 12);
    }

    [Fact]
    public void Two_sided_z_for_95_percent_is_1_959964()
    {
        Assert.Equal(1.959963985, Proportions.TwoSidedZ(0.95), 8);
    }

    [Fact]
    public void Difference_of_60_and_50_percent_over_1000_each_is_significant_and_its_interval_excludes_zero()
    {
        var d = Proportions.Difference(500, 1000, 600, 1000);
        Assert.Equal(0.1, d.Difference, 12);
        // pooled p = 0.55, se = sqrt(0.55*0.45*2/1000) = 0.0222486 -> z = 4.494666
        Assert.Equal(4.494666, d.Z, 5);
        Assert.InRange(d.PValue, 6.9e-6, 7.0e-6);                      // 2*(1-Φ(4.494666)) = 6.97e-6
        // unpooled se = sqrt(.25/1000 + .24/1000) = 0.0221359 -> 0.1 ± 0.0433857
        Assert.Equal(0.1 - 0.0433857, d.Low, 6);
        Assert.Equal(0.1 + 0.0433857, d.High, 6);
    }

    [Fact]
    public void Equal_proportions_give_p_one()
    {
        Assert.Equal(1.0, Proportions.Difference(30, 60, 30, 60).PValue, 12);
    }

    [Fact]
    public void A_proportion_above_its_trials_is_refused_with_both_numbers()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Proportions.Wilson(11, 10));
        Assert.Contains("11 of 10", e.Message);
    }
}
