namespace SharpTune.Text.Curation.Scoring;

/// <summary>
/// The corpus's own length ratio: the median of log(target chars / source chars) per source-length bucket, so that
/// "OK" → "Aceptar" is judged against other two-letter strings, not against a fixed 1:3 bound. Medians come from a
/// fine histogram (0.01 in log ratio) filled in one streaming pass: exact to 0.01, constant memory.
/// </summary>
public sealed class LengthRatioModel
{
    private const double Step = 0.01, Span = 8.0;
    private static readonly int[] BucketEdges = [3, 6, 11, 21, 51, 101];    // source chars: 1–2, 3–5, 6–10, 11–20, 21–50, 51–100, >100
    private readonly long[,] _histogram = new long[BucketEdges.Length + 1, (int)(2 * Span / Step) + 1];
    private double[]? _medians;

    /// <summary>A model whose medians are all 0 (before any data is seen).</summary>
    public static LengthRatioModel Neutral { get; } = new();

    /// <summary>Length bucket of a source length.</summary>
    public static int Bucket(int sourceChars)
    {
        int b = 0;
        while (b < BucketEdges.Length && sourceChars >= BucketEdges[b]) b++;
        return b;
    }

    /// <summary>log(target / source) in characters; NaN when a side is empty.</summary>
    public static double LogRatio(int sourceChars, int targetChars) =>
        sourceChars == 0 || targetChars == 0 ? double.NaN : Math.Log((double)targetChars / sourceChars);

    /// <summary>Adds one pair to the histogram.</summary>
    public void Add(int sourceChars, int targetChars)
    {
        double r = LogRatio(sourceChars, targetChars);
        if (double.IsNaN(r)) return;
        int bin = (int)Math.Round((Math.Clamp(r, -Span, Span) + Span) / Step);
        _histogram[Bucket(sourceChars), bin]++;
        _medians = null;
    }

    /// <summary>The median log ratio of a bucket (that of all data when the bucket is empty, 0 when there is none).</summary>
    public double Median(int bucket)
    {
        _medians ??= ComputeMedians();
        return _medians[bucket];
    }

    double[] ComputeMedians()
    {
        int buckets = _histogram.GetLength(0), bins = _histogram.GetLength(1);
        var all = new long[bins];
        for (int b = 0; b < buckets; b++) for (int i = 0; i < bins; i++) all[i] += _histogram[b, i];
        double overall = MedianOf(i => all[i], bins);
        var medians = new double[buckets];
        for (int b = 0; b < buckets; b++)
        {
            int bb = b;
            double m = MedianOf(i => _histogram[bb, i], bins);
            medians[b] = double.IsNaN(m) ? (double.IsNaN(overall) ? 0 : overall) : m;
        }
        return medians;
    }

    static double MedianOf(Func<int, long> count, int bins)
    {
        long total = 0;
        for (int i = 0; i < bins; i++) total += count(i);
        if (total == 0) return double.NaN;
        long half = (total + 1) / 2, seen = 0;
        for (int i = 0; i < bins; i++)
        {
            seen += count(i);
            if (seen >= half) return i * Step - Span;
        }
        return 0;
    }
}
