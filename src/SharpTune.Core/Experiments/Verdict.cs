using System.Globalization;

namespace SharpTune.Core.Experiments;

/// <summary>
/// A claim checked against measured numbers: "supported" when the claimed side is ahead by more than the noise,
/// "contradicted" when it is behind by more than the noise, "within noise" otherwise; "inconclusive" when there is no
/// noise estimate (a single seed on both sides).
/// </summary>
public sealed record Verdict(string Claim, string Outcome, double Difference, double Noise, string Rule)
{
    public const string Supported = "supported";
    public const string Contradicted = "contradicted";
    public const string WithinNoise = "within noise";
    public const string Inconclusive = "inconclusive";

    /// <summary>
    /// The claim says <paramref name="claimed"/> is higher than <paramref name="other"/> (lower when
    /// <paramref name="claimHigher"/> is false), one value per seed. Difference = mean(claimed) − mean(other), sign-flipped
    /// for a "lower" claim, so a positive difference agrees with the claim. Noise = the larger of the two spreads (max − min
    /// over seeds); a side measured once (a deterministic base model) contributes no spread.
    /// </summary>
    public static Verdict Compare(string claim, IReadOnlyList<double> claimed, IReadOnlyList<double> other, bool claimHigher = true, string unit = "")
    {
        if (claimed.Count == 0 || other.Count == 0) throw new ArgumentException($"claim '{claim}': both sides need at least one measurement");
        double diff = (claimed.Average() - other.Average()) * (claimHigher ? 1 : -1);
        double noise = Math.Max(Spread(claimed), Spread(other));
        bool noEstimate = claimed.Count < 2 && other.Count < 2;
        string tail = noEstimate ? "one run per side gives no noise estimate" : "a larger difference decides, one no larger is within noise";
        string rule = string.Create(CultureInfo.InvariantCulture,
            $"difference {diff:+0.###;-0.###;0}{unit} in the claim's direction ({claimed.Count} vs {other.Count} runs) against a spread (max − min over seeds or timing repeats) of {noise:0.###}{unit}: {tail}");
        return noEstimate ? new Verdict(claim, Inconclusive, diff, noise, rule) : FromDifference(claim, diff, noise, rule);
    }

    /// <summary>A verdict from a difference already in the claim's direction and the noise it must exceed.</summary>
    public static Verdict FromDifference(string claim, double difference, double noise, string rule) =>
        new(claim, Math.Abs(difference) <= noise ? WithinNoise : difference > 0 ? Supported : Contradicted, difference, noise, rule);

    /// <summary>max − min (0 for fewer than two values).</summary>
    public static double Spread(IReadOnlyList<double> values) => values.Count < 2 ? 0 : values.Max() - values.Min();
}
