using SharpTune.Server.Storage;
using SharpTune.Text.Statistics;

namespace SharpTune.Server.Experiments;

/// <summary>
/// Builds the A/B report from the database: per variant, requests, distinct users, feedback, thumbs-up rate (the latest
/// thumb on each response) with its Wilson interval, mean 1–5 rating, latency p50/p95; each variant against the first
/// with a difference interval and two-proportion test; the χ² SRM check of users against the split. Undecided
/// comparisons say how many more thumbs per variant would detect the observed difference (or 5 points when there is
/// none yet) at α = 0.05 and power 0.8.
/// </summary>
internal static class AbReportBuilder
{
    const double Alpha = 0.05;

    public static AbReport Build(ExperimentStore store, string? only = null)
    {
        var definitions = store.Definitions().ToDictionary(d => d.Name);
        var names = store.Experiments().Union(definitions.Keys).Where(n => only is null || n == only).Order(StringComparer.Ordinal).ToList();
        return new AbReport(names.Select(n => Experiment(n, definitions.GetValueOrDefault(n), store.Responses(n))).ToList());
    }

    static ExperimentReport Experiment(string name, ExperimentDefinition? definition, IReadOnlyList<ResponseRow> rows)
    {
        var keys = (definition?.Variants.Select(v => v.Key) ?? []).Union(rows.Select(r => r.Variant)).ToList();
        var variants = keys.Select(k => Variant(k, definition?.Variants.FirstOrDefault(v => v.Key == k), rows.Where(r => r.Variant == k).ToList())).ToList();
        double? srm = definition is null ? null
            : SampleRatioMismatch.PValue(variants.Select(v => v.Users).ToList(), variants.Select(v => v.Weight ?? 0).ToList());
        var comparisons = variants.Skip(1).Select(v => Compare(variants[0], v)).ToList();
        bool flagged = srm < SampleRatioMismatch.Threshold;
        return new ExperimentReport(name, definition?.Alias, srm, flagged, rows.Count(r => !r.Sticky), variants, comparisons,
            Verdict(flagged, srm, comparisons));
    }

    static VariantReport Variant(string key, ExperimentVariant? config, IReadOnlyList<ResponseRow> rows)
    {
        int up = rows.Count(r => r.LatestRating is { Text: "up" }), down = rows.Count(r => r.LatestRating is { Text: "down" });
        var wilson = Proportions.Wilson(up, up + down);
        var scores = rows.Where(r => r.LatestRating is { IsThumb: false }).Select(r => r.LatestRating!.Score).ToList();
        var latency = rows.Select(r => r.LatencyMs).ToList();
        return new VariantReport(key, config?.ServedModel, config?.Weight, rows.Count,
            rows.Where(r => r.Sticky && r.UserId is not null).Select(r => r.UserId).Distinct().Count(),
            rows.Sum(r => r.FeedbackCount), up, down,
            up + down > 0 ? wilson.Rate : null, up + down > 0 ? wilson.Low : null, up + down > 0 ? wilson.High : null,
            scores.Count, scores.Count > 0 ? scores.Average() : null,
            latency.Count > 0 ? Quantiles.Linear(latency, 0.5) : null, latency.Count > 0 ? Quantiles.Linear(latency, 0.95) : null,
            rows.Count > 0 ? rows.Average(r => r.CompletionTokens) : null);
    }

    static VariantComparison Compare(VariantReport control, VariantReport v)
    {
        int na = control.Up + control.Down, nb = v.Up + v.Down;
        if (na == 0 || nb == 0)
            return new VariantComparison(control.Name, v.Name, null, null, null, null, false, MoreNeeded(0.5, 0.5, Math.Min(na, nb)));
        var d = Proportions.Difference(control.Up, na, v.Up, nb);
        bool significant = d.PValue < Alpha;
        return new VariantComparison(control.Name, v.Name, d.Difference, d.Low, d.High, d.PValue, significant,
            significant ? null : MoreNeeded((double)control.Up / na, (double)v.Up / nb, Math.Min(na, nb)));
    }

    /// <summary>Thumbs per variant still needed to detect <paramref name="pb"/> against <paramref name="pa"/> (5 points
    /// apart when they are equal or at the edge).</summary>
    static int MoreNeeded(double pa, double pb, int have)
    {
        double p0 = Math.Clamp(pa, 0.01, 0.99), p1 = Math.Clamp(pb, 0.01, 0.99);
        if (Math.Abs(p1 - p0) < 0.05) p1 = p0 <= 0.5 ? p0 + 0.05 : p0 - 0.05;
        return Math.Max(1, SampleSize.PerArm(p0, p1, Alpha) - have);
    }

    static string Verdict(bool flagged, double? srm, IReadOnlyList<VariantComparison> comparisons)
    {
        if (flagged) return $"sample ratio mismatch (p = {srm:G3} < 0.001): users do not follow the configured split, so the comparison cannot be trusted; check the assignment";
        var parts = comparisons.Select(c => c.Significant
            ? $"{c.Variant} {(c.Difference > 0 ? "beats" : "loses to")} {c.Control} by {100 * c.Difference:+0.0;-0.0} points of thumbs-up (95 % CI {100 * c.DifferenceLow:0.0} to {100 * c.DifferenceHigh:0.0}, p = {c.PValue:G3})"
            : $"{c.Variant} vs {c.Control}: too few data to decide{(c.PValue is { } p ? $" (p = {p:G3})" : "")}; about {c.MoreFeedbackNeeded} more thumbs per variant are needed").ToList();
        return parts.Count == 0 ? "only one variant has data" : string.Join("; ", parts);
    }
}
