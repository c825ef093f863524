using System.Globalization;

namespace SharpTune.Core.Experiments;

/// <summary>How reports format numbers in their tables (invariant culture).</summary>
public static class Cells
{
    /// <summary>A share 0–1 as a percentage with one decimal.</summary>
    public static string Pct(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>A number with <paramref name="format"/>.</summary>
    public static string Num(double v, string format = "0.00") => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>"mean ± half-range (range min–max)" over seeds; the value alone for one seed.</summary>
    public static string MeanSpread(IReadOnlyList<double> values, string unit = "", string format = "0.00")
    {
        if (values.Count == 0) return "–";
        var ci = CultureInfo.InvariantCulture;
        return values.Count < 2 ? values[0].ToString(format, ci) + unit
            : $"{values.Average().ToString(format, ci)}{unit} ± {(Verdict.Spread(values) / 2).ToString(format, ci)} (range {values.Min().ToString(format, ci)}–{values.Max().ToString(format, ci)})";
    }
}
