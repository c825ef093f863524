namespace SharpTune.Text.Statistics;

/// <summary>A proportion with its confidence interval.</summary>
public sealed record Proportion(int Successes, int Trials, double Rate, double Low, double High);

/// <summary>A difference of two proportions (b − a) with its Wald interval and the pooled two-proportion z-test.</summary>
public sealed record ProportionDifference(double Difference, double Low, double High, double Z, double PValue);

/// <summary>
/// Win / thumbs-up rates: the Wilson score interval (Wilson 1927; statsmodels <c>proportion_confint(method="wilson")</c>),
/// and the difference of two independent proportions (unpooled Wald interval, pooled z-test, two-sided).
/// </summary>
public static class Proportions
{
    /// <summary>z for a two-sided interval of the given confidence (1.959964 for 0.95).</summary>
    public static double TwoSidedZ(double confidence) =>
        confidence is > 0 and < 1 ? SpecialFunctions.NormalQuantile(1 - (1 - confidence) / 2)
                                  : throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must be between 0 and 1");

    /// <summary>The Wilson score interval for <paramref name="successes"/> of <paramref name="trials"/>; with no trials the
    /// rate is NaN and the interval [0, 1].</summary>
    public static Proportion Wilson(int successes, int trials, double confidence = 0.95)
    {
        if (trials < 0 || successes < 0 || successes > trials)
            throw new ArgumentOutOfRangeException(nameof(successes), $"a proportion needs 0 <= successes <= trials, got {successes} of {trials}");
        if (trials == 0) return new Proportion(0, 0, double.NaN, 0, 1);
        double z = TwoSidedZ(confidence), n = trials, p = successes / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Proportion(successes, trials, p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>b − a: <paramref name="successesB"/>/<paramref name="trialsB"/> minus <paramref name="successesA"/>/<paramref name="trialsA"/>.
    /// NaN fields when either side has no trials.</summary>
    public static ProportionDifference Difference(int successesA, int trialsA, int successesB, int trialsB, double confidence = 0.95)
    {
        if (trialsA <= 0 || trialsB <= 0) return new ProportionDifference(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double pa = (double)successesA / trialsA, pb = (double)successesB / trialsB, diff = pb - pa;
        double se = Math.Sqrt(pa * (1 - pa) / trialsA + pb * (1 - pb) / trialsB);
        double z = TwoSidedZ(confidence);
        double pooled = (double)(successesA + successesB) / (trialsA + trialsB);
        double sePooled = Math.Sqrt(pooled * (1 - pooled) * (1.0 / trialsA + 1.0 / trialsB));
        double zStat = sePooled > 0 ? diff / sePooled : 0;
        double p = sePooled > 0 ? 2 * SpecialFunctions.NormalCdf(-Math.Abs(zStat)) : 1;
        return new ProportionDifference(diff, diff - z * se, diff + z * se, zStat, p);
    }
}
