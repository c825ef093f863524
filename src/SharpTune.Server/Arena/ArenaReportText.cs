using System.Globalization;
using System.Text;
using static SharpTune.Server.ReportText;

namespace SharpTune.Server.Arena;

/// <summary>The arena report as plain text for the terminal.</summary>
internal static class ArenaReportText
{
    public static string Format(ArenaReport r)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"{r.Votes} votes, {r.Models.Count} models; Bradley–Terry ratings with 95 % intervals from {r.BootstrapRounds} bootstrap rounds (seed {r.Seed})");
        sb.AppendLine(c, $"{"model",-24} {"rating",8} {"95 % CI",17} {"elo",8} {"wins",6} {"losses",6} {"ties",6} {"win rate",9} {"95 % CI",15}");
        foreach (var m in r.Models)
        {
            string rate = m.WinRate is { } w ? w.ToString("0.000", c) : "–";
            string ci = m.WinRateLow is { } lo ? $"{lo.ToString("0.000", c)}–{m.WinRateHigh!.Value.ToString("0.000", c)}" : "–";
            sb.AppendLine(c, $"{m.Name,-24} {m.Rating,8:0.0} {$"{m.RatingLow:0.0}–{m.RatingHigh:0.0}",17} {m.Elo,8:0.0} {m.Wins,6} {m.Losses,6} {m.Ties,6} {rate,9} {ci,15}");
        }
        foreach (var p in r.Pairs)
            sb.AppendLine(c, $"{p.ModelA} vs {p.ModelB}: {p.AWins}–{p.BWins} with {p.Ties} ties, exact sign test p = {p.PValue:0.0000}");
        if (r.Separated.Count > 0)
            sb.AppendLine(c, $"won or lost every decisive vote (rating unbounded, shown capped): {string.Join(", ", r.Separated)}");
        if (r.Agreement is { } a)
        {
            sb.Append(c, $"agreement over {a.Items} items judged more than once by {a.Raters} raters: observed {a.ObservedAgreement:0.000}, Fleiss' κ {Num(a.FleissKappa)}");
            sb.AppendLine(a.CohenKappa is null ? "" : $", Cohen's κ {Num(a.CohenKappa)}");
        }
        return sb.ToString().TrimEnd();
    }
}
