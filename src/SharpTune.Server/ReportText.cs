using System.Globalization;

namespace SharpTune.Server;

/// <summary>Number formatting shared by the terminal reports: invariant culture, a dash for "nothing to compute from".</summary>
internal static class ReportText
{
    public static string Num(double? x, string format = "0.000") => x is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
}
