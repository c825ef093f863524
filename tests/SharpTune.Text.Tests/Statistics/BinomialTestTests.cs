using SharpTune.Text.Statistics;

namespace SharpTune.Text.Tests.Statistics;

public sealed class BinomialTestTests
{
    // R binom.test / scipy binomtest; 15/20 is exactly 2*21700/2^20.
    [Theory]
    [InlineData(60, 100, 0.0568879)]
    [InlineData(15, 20, 0.0413895)]
    [InlineData(40, 100, 0.0568879)]
    [InlineData(2, 12, 0.0385742)]
    public void Two_sided_exact_p_matches_R_and_scipy(int k, int n, double expected)
    {
        Assert.Equal(expected, BinomialTest.TwoSided(k, n), 7);
    }

    [Fact]
    public void Fifteen_of_twenty_is_exactly_twice_21700_over_two_to_the_twentieth()
    {
        Assert.Equal(2 * 21700.0 / (1 << 20), BinomialTest.TwoSided(15, 20), 12);
    }

    [Fact]
    public void Asymmetric_null_sums_both_tails_no_more_likely_than_the_observed_outcome()
    {
        // 7 of 50 under p = 0.1: pmf(7) = 0.1076; the lower tail k <= 2 (pmf 0.0052, 0.0286, 0.0779) is as unlikely,
        // k = 3 (0.1386) is not, so p = P(X <= 2) + P(X >= 7) = 0.3415019, written out with plain binomial coefficients.
        double Choose(int n, int k) { double c = 1; for (int i = 1; i <= k; i++) c = c * (n - k + i) / i; return c; }
        double Pmf(int k) => Choose(50, k) * Math.Pow(0.1, k) * Math.Pow(0.9, 50 - k);
        double expected = Pmf(0) + Pmf(1) + Pmf(2) + (1 - Enumerable.Range(0, 7).Sum(Pmf));
        Assert.Equal(expected, BinomialTest.TwoSided(7, 50, 0.1), 10);
        Assert.Equal(0.3415019, BinomialTest.TwoSided(7, 50, 0.1), 7);
    }

    [Fact]
    public void No_votes_and_an_even_split_give_p_one()
    {
        Assert.Equal(1.0, BinomialTest.TwoSided(0, 0));
        Assert.Equal(1.0, BinomialTest.TwoSided(10, 20), 12);
    }

    [Fact]
    public void Pmf_sums_to_one()
    {
        Assert.Equal(1.0, Enumerable.Range(0, 101).Sum(i => BinomialTest.Pmf(i, 100, 0.37)), 10);
    }
}
