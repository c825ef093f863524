namespace SharpTune.Text.Statistics;

/// <summary>
/// The sample-ratio-mismatch check of A/B platforms (GrowthBook <c>check_srm</c>): a χ² goodness-of-fit test of the
/// observed counts per variant against the configured weights, k − 1 degrees of freedom; a split is flagged when
/// p &lt; 0.001.
/// </summary>
public static class SampleRatioMismatch
{
    /// <summary>The threshold below which a split is flagged.</summary>
    public const double Threshold = 0.001;

    /// <summary>The p-value of <paramref name="observed"/> counts against <paramref name="weights"/> (any positive scale);
    /// 1 when there is nothing to test (no observations or a single variant).</summary>
    public static double PValue(IReadOnlyList<int> observed, IReadOnlyList<double> weights)
    {
        if (observed.Count != weights.Count)
            throw new ArgumentException($"the SRM check needs one weight per variant, got {weights.Count} weights for {observed.Count} variants");
        double total = observed.Sum(), weightSum = weights.Sum();
        if (observed.Count < 2 || total == 0 || weightSum <= 0) return 1;
        double chi2 = 0;
        for (int i = 0; i < observed.Count; i++)
        {
            double expected = total * weights[i] / weightSum;
            if (expected <= 0) return observed[i] > 0 ? 0 : 1;
            chi2 += (observed[i] - expected) * (observed[i] - expected) / expected;
        }
        return SpecialFunctions.ChiSquareSurvival(chi2, observed.Count - 1);
    }
}
