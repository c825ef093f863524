using System.Globalization;
using System.Text;
using static SharpTune.Server.ReportText;

namespace SharpTune.Server.Experiments;

/// <summary>The A/B report as plain text for the terminal.</summary>
internal static class AbReportText
{
    public static string Format(AbReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        if (report.Experiments.Count == 0) return "no experiments in this database yet";
        foreach (var e in report.Experiments)
        {
            sb.AppendLine(c, $"experiment {e.Name}{(e.Alias is null ? "" : $" (alias {e.Alias})")}: SRM p = {Num(e.SrmPValue, "0.0000")}{(e.SrmFlagged ? "  MISMATCH" : "")}, {e.AnonymousRequests} requests without a user id");
            sb.AppendLine(c, $"  {"variant",-10} {"model",-16} {"requests",8} {"users",6} {"feedback",8} {"up",5} {"down",5} {"up rate",8} {"95 % CI",13} {"mean 1-5",8} {"p50 ms",8} {"p95 ms",8}");
            foreach (var v in e.Variants)
                sb.AppendLine(c, $"  {v.Name,-10} {v.ServedModel ?? "?",-16} {v.Requests,8} {v.Users,6} {v.Feedback,8} {v.Up,5} {v.Down,5} {Num(v.UpRate, "0.000"),8} {(v.UpRateLow is { } lo ? $"{lo:0.000}–{v.UpRateHigh:0.000}" : "–"),13} {Num(v.MeanRating, "0.00"),8} {Num(v.LatencyP50Ms, "0"),8} {Num(v.LatencyP95Ms, "0"),8}");
            foreach (var k in e.Comparisons.Where(k => k.Difference is not null))
                sb.AppendLine(c, $"  {k.Variant} − {k.Control}: {100 * k.Difference:+0.0;-0.0} points (95 % CI {100 * k.DifferenceLow:0.0} to {100 * k.DifferenceHigh:0.0}), two-proportion p = {k.PValue:0.0000}");
            sb.AppendLine(c, $"  {e.Verdict}");
        }
        return sb.ToString().TrimEnd();
    }
}
