using System.Globalization;
using System.Text;

namespace SharpTune.Text.Curation;

/// <summary>
/// The report.md of `--report DIR`: what was kept and dropped, per reason and per stratum, the rules in force, a
/// histogram per score, and for every reason the five worst and the five borderline dropped records. Record text is
/// HTML-escaped and its pipes and line breaks neutralised so that no record can change the page.
/// </summary>
public static class CurationReport
{
    /// <summary>The report text.</summary>
    public static string Markdown(CurationOptions options, CurationSummary summary, IReadOnlyList<(string Scorer, string File)> plots)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(plots);
        var (first, second) = options.Format.SideNames;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# Data curation report: {Cell(Path.GetFileName(options.Input))}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"{summary.Total:N0} records read, **{summary.Kept:N0} kept ({Percent(summary.Kept, summary.Total)})**, {summary.Dropped:N0} dropped.");
        sb.Append(Selection(options)).Append("\n\n");
        if (summary.Skipped.Count > 0)
        {
            sb.Append("Unreadable records skipped (`--skip_invalid`): ");
            sb.Append(string.Join(", ", summary.Skipped.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Value:N0} {Cell(k.Key)}"))).Append(".\n\n");
        }

        sb.Append("## Dropped, by reason\n\n| reason | records with it | first reason of | rule |\n| --- | ---: | ---: | --- |\n");
        foreach (var (reason, count) in summary.Reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal))
            sb.Append(CultureInfo.InvariantCulture, $"| `{reason}` | {count:N0} | {summary.FirstReasons.GetValueOrDefault(reason):N0} | {Cell(Describe(options, reason))} |\n");
        if (summary.Reasons.Count == 0) sb.Append("| (none) | 0 | 0 | |\n");

        if (summary.Groups.Count > 1 || (summary.Groups.Count == 1 && summary.Groups.Keys.First().Length > 0))
        {
            sb.Append("\n## Per stratum (`--stratify_by`)\n\n| stratum | records | kept | share kept |\n| --- | ---: | ---: | ---: |\n");
            foreach (var (g, (t, k)) in summary.Groups.OrderByDescending(g => g.Value.Total).ThenBy(g => g.Key, StringComparer.Ordinal))
                sb.Append(CultureInfo.InvariantCulture, $"| {Cell(g)} | {t:N0} | {k:N0} | {Percent(k, t)} |\n");
        }

        sb.Append("\n## Rules\n\n| scorer | kind | threshold | weight | what it measures |\n| --- | --- | --- | ---: | --- |\n");
        foreach (var s in options.Rules.Scorers)
        {
            string bound = (s.Direction == Scoring.ScoreDirection.HigherIsCleaner ? "≥ " : "≤ ") + s.Threshold.ToString("G4", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"| `{s.Name}` | {(s.Hard ? "hard" : "soft")} | {bound} | {s.Weight:G3} | {Cell(s.Description)} |\n");
        }

        if (plots.Count > 0)
        {
            sb.Append("\n## Score histograms (red line: threshold)\n\n");
            foreach (var (name, file) in plots) sb.Append(CultureInfo.InvariantCulture, $"![{name}]({file})\n");
        }

        sb.Append("\n## Kept: best and worst by combined score\n\n");
        Table(sb, "Best kept", summary.BestKept, first, second);
        Table(sb, "Worst kept", summary.WorstKept, first, second);
        sb.Append("\n## Dropped examples, per reason\n\n");
        foreach (var reason in summary.Reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Key))
        {
            sb.Append(CultureInfo.InvariantCulture, $"### `{reason}`\n\n");
            Table(sb, "Worst", summary.Worst.GetValueOrDefault(reason) ?? [], first, second);
            var worst = summary.Worst.GetValueOrDefault(reason) ?? [];
            var border = summary.Borderline.GetValueOrDefault(reason) ?? [];
            if (!border.Select(e => e.Line).Order().SequenceEqual(worst.Select(e => e.Line).Order())) Table(sb, "Closest to passing", border, first, second);
        }
        return sb.ToString();
    }

    static string Selection(CurationOptions o) => o.KeepTop is { } f
        ? $" Selection: the best {f.ToString("P0", CultureInfo.InvariantCulture)} of each stratum by combined score (seed {o.Seed})."
        : o.MinScore is { } m ? $" Selection: combined score ≥ {m.ToString(CultureInfo.InvariantCulture)}." : " Selection: hard rules and deduplication only.";

    static string Describe(CurationOptions o, string reason) => reason switch
    {
        "duplicate" => $"same normalised text as an earlier record ({o.Dedup?.ToString().ToLowerInvariant()} key); the first is kept",
        "near_duplicate" => $"MinHash LSH: Jaccard ≥ {o.NearDuplicateThreshold.ToString(CultureInfo.InvariantCulture)} with an earlier record",
        "rank" => "passed every hard rule but fell below the selection cut",
        _ => o.Rules.Scorers.FirstOrDefault(s => s.Name == reason)?.Description ?? "",
    };

    static void Table(StringBuilder sb, string title, IReadOnlyList<CurationExample> items, string first, string second)
    {
        if (items.Count == 0) return;
        sb.Append(CultureInfo.InvariantCulture, $"{title}:\n\n| line | score | {Cell(first)} | {Cell(second)} |\n| ---: | ---: | --- | --- |\n");
        foreach (var e in items)
            sb.Append(CultureInfo.InvariantCulture, $"| {e.Line} | {e.Score.ToString("G4", CultureInfo.InvariantCulture)} | {Cell(e.First)} | {Cell(e.Second)} |\n");
        sb.Append('\n');
    }

    /// <summary>Text safe inside a markdown table cell: HTML-escaped, pipes escaped, line breaks shown as ⏎.</summary>
    internal static string Cell(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '|' => "\\|",
                '`' => "&#96;",
                '\n' => " ⏎ ",
                '\r' => "",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    static string Percent(long part, long whole) => whole == 0 ? "–" : ((double)part / whole).ToString("P1", CultureInfo.InvariantCulture);
}
