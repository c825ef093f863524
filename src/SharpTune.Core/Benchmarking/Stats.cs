namespace SharpTune.Core.Benchmarking;

/// <summary>Summary statistics of measured timings.</summary>
public static class Stats
{
    /// <summary>The median (the mean of the two middle values for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToList();
        if (s.Count == 0) throw new ArgumentException("median of no values", nameof(values));
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }
}
