namespace SharpTune.Text.Statistics;

/// <summary>
/// How many observations a decision needs, by the normal approximation (two-sided α):
/// one sample of decisive votes, win rate p₁ against p₀: n = ((z₁₋α/₂·√(p₀q₀) + z_power·√(p₁q₁)) / (p₁ − p₀))²
/// (783 for 0.55 against 0.50 at α = 0.05, power 0.8); two arms of an A/B test, per arm, with the pooled variance
/// under the null: n = (z₁₋α/₂·√(2p̄q̄) + z_power·√(p₀q₀ + p₁q₁))² / (p₁ − p₀)² (1,565 for 50 % against 55 %).
/// Both are rounded up.
/// </summary>
public static class SampleSize
{
    /// <summary>Decisive votes needed to tell a win rate of <paramref name="p1"/> from <paramref name="p0"/>.</summary>
    public static int OneSample(double p0, double p1, double alpha = 0.05, double power = 0.8)
    {
        Check(p0, p1, alpha, power);
        double za = SpecialFunctions.NormalQuantile(1 - alpha / 2), zb = SpecialFunctions.NormalQuantile(power);
        double n = Math.Pow((za * Math.Sqrt(p0 * (1 - p0)) + zb * Math.Sqrt(p1 * (1 - p1))) / (p1 - p0), 2);
        return (int)Math.Ceiling(n - 1e-9);
    }

    /// <summary>Observations per arm needed to tell arm rates <paramref name="p0"/> and <paramref name="p1"/> apart.</summary>
    public static int PerArm(double p0, double p1, double alpha = 0.05, double power = 0.8)
    {
        Check(p0, p1, alpha, power);
        double za = SpecialFunctions.NormalQuantile(1 - alpha / 2), zb = SpecialFunctions.NormalQuantile(power);
        double pBar = (p0 + p1) / 2;
        double n = Math.Pow(za * Math.Sqrt(2 * pBar * (1 - pBar)) + zb * Math.Sqrt(p0 * (1 - p0) + p1 * (1 - p1)), 2) / Math.Pow(p1 - p0, 2);
        return (int)Math.Ceiling(n - 1e-9);
    }

    static void Check(double p0, double p1, double alpha, double power)
    {
        if (p0 is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p0), p0, "--p0 must be strictly between 0 and 1");
        if (p1 is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p1), p1, "--p1 must be strictly between 0 and 1");
        if (p0 == p1) throw new ArgumentException($"--p0 and --p1 are both {p0}: no sample size tells a rate from itself");
        if (alpha is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "--alpha must be strictly between 0 and 1");
        if (power is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(power), power, "--power must be strictly between 0 and 1");
    }
}
