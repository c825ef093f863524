namespace SharpTune.Text.Statistics;

/// <summary>
/// The exact binomial test (the sign test on decisive votes): the two-sided p-value sums the probabilities of every
/// outcome no more likely than the one observed, with scipy's relative tolerance of 1e-7 (scipy <c>binomtest</c>,
/// R <c>binom.test</c>).
/// </summary>
public static class BinomialTest
{
    /// <summary>P(X = k) for X ~ Binomial(n, p).</summary>
    public static double Pmf(int k, int n, double p)
    {
        if (k < 0 || k > n) return 0;
        if (p == 0) return k == 0 ? 1 : 0;
        if (p == 1) return k == n ? 1 : 0;
        return Math.Exp(SpecialFunctions.LogChoose(n, k) + k * Math.Log(p) + (n - k) * Math.Log(1 - p));
    }

    /// <summary>The two-sided exact p-value of <paramref name="k"/> successes in <paramref name="n"/> trials under
    /// success probability <paramref name="p"/> (1 when n = 0).</summary>
    public static double TwoSided(int k, int n, double p = 0.5)
    {
        if (n < 0 || k < 0 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"a binomial test needs 0 <= k <= n, got {k} of {n}");
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "p must be between 0 and 1");
        if (n == 0) return 1;
        double observed = Pmf(k, n, p) * (1 + 1e-7);
        double sum = 0;
        for (int i = 0; i <= n; i++)
        {
            double q = Pmf(i, n, p);
            if (q <= observed) sum += q;
        }
        return Math.Min(1, sum);
    }
}
