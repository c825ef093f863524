namespace SharpTune.Server.Experiments;

/// <summary>The A/B report (<c>sharptune ab report --json</c>, <c>GET /v1/experiments/NAME</c> gives one experiment).</summary>
internal sealed record AbReport(IReadOnlyList<ExperimentReport> Experiments);

/// <summary>One experiment: its variants, each variant against the first (the control), and the split check.</summary>
/// <param name="SrmPValue">χ² of sticky users per variant against the configured split (null without a stored split).</param>
/// <param name="SrmFlagged">True when <paramref name="SrmPValue"/> &lt; 0.001: the split is broken and the comparison is not to be trusted.</param>
/// <param name="AnonymousRequests">Requests without a user id (randomly assigned, not in <c>users</c>).</param>
/// <param name="Verdict">One sentence: which variant is better, or that the data are too few and how many more are needed.</param>
internal sealed record ExperimentReport(
    string Name, string? Alias, double? SrmPValue, bool SrmFlagged, int AnonymousRequests,
    IReadOnlyList<VariantReport> Variants, IReadOnlyList<VariantComparison> Comparisons, string Verdict);

/// <summary>One variant's numbers; rates and means are null when there is nothing to compute them from.</summary>
internal sealed record VariantReport(
    string Name, string? ServedModel, double? Weight, int Requests, int Users, int Feedback, int Up, int Down,
    double? UpRate, double? UpRateLow, double? UpRateHigh, int Scores, double? MeanRating,
    double? LatencyP50Ms, double? LatencyP95Ms, double? MeanCompletionTokens);

/// <summary><paramref name="Variant"/> against <paramref name="Control"/>: difference of thumbs-up rates (variant − control)
/// with its 95 % interval and the two-proportion test; <paramref name="MoreFeedbackNeeded"/> thumbs per variant when
/// undecided (null when decided).</summary>
internal sealed record VariantComparison(
    string Control, string Variant, double? Difference, double? DifferenceLow, double? DifferenceHigh, double? PValue,
    bool Significant, int? MoreFeedbackNeeded);
