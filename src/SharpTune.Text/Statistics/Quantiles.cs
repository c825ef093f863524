namespace SharpTune.Text.Statistics;

/// <summary>Sample quantiles as numpy computes them by default (linear interpolation between order statistics).</summary>
public static class Quantiles
{
    /// <summary>The <paramref name="q"/> quantile (0–1) of <paramref name="values"/>; NaN when there are none.</summary>
    public static double Linear(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToArray();
        double pos = Math.Clamp(q, 0, 1) * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
