using System.Globalization;

namespace SharpTune.Text.Metrics;

/// <summary>The human-readable one-line form of a <see cref="ScoreResult"/> (sacreBLEU style for BLEU / chrF).</summary>
internal static class MetricFormatting
{
    public static string Report(ScoreResult r)
    {
        if (r.Sentences is not { } lines) return Line(r);
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < lines.Count; i++)
        {
            sb.Append(i + 1);
            foreach (var (name, value) in lines[i]) sb.Append('\t').Append(FormattableString.Invariant($"{name}={value:F4}"));
            sb.Append('\n');
        }
        return sb.Append(Line(r)).ToString();
    }

    public static string Line(ScoreResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        if (r.Metric == "bleu" && r.Score is { } bleu)
        {
            string precisions = string.Join('/', r.Precisions!.Select(p => p.ToString("F1", inv)));
            double ratio = r.RefLen is > 0 ? (double)r.SysLen!.Value / r.RefLen.Value : 0;
            return string.Create(inv,
                $"BLEU = {bleu:F2} {precisions} (BP = {r.Bp:F3} ratio = {ratio:F3} hyp_len = {r.SysLen} ref_len = {r.RefLen}) {r.Signature}");
        }
        if (r.Score is { } score)
        {
            string name = r.Metric switch { "chrf" => "chrF2", "chrf++" => "chrF2++", _ => r.Metric };
            return string.Create(inv, $"{name} = {score:F2} {r.Signature}").TrimEnd();
        }
        var parts = (r.Scores ?? new Dictionary<string, double>()).Select(kv => string.Create(inv, $"{kv.Key} = {kv.Value:F2}"));
        return string.Join("  ", parts) + string.Create(inv, $"  ({r.Lines} lines)");
    }
}
