namespace SharpTune.Text.Curation.Dedup;

/// <summary>
/// Bands × rows for MinHash LSH at a Jaccard threshold, chosen as datasketch does: the split of the permutations
/// that minimises the (equally weighted) integrated false-positive probability below the threshold plus the
/// false-negative probability above it, P(candidate | J) = 1 − (1 − J^r)^b.
/// </summary>
public static class LshParameters
{
    /// <summary>The optimal (bands, rows) with bands·rows ≤ <paramref name="permutations"/>.</summary>
    public static (int Bands, int Rows) Optimal(double threshold, int permutations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(threshold, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(threshold, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 2);
        double best = double.MaxValue;
        (int, int) result = (1, permutations);
        for (int b = 1; b <= permutations; b++)
            for (int r = 1; b * r <= permutations; r++)
            {
                double fp = Integrate(j => Probability(j, b, r), 0, threshold);
                double fn = Integrate(j => 1 - Probability(j, b, r), threshold, 1);
                if (fp + fn < best) { best = fp + fn; result = (b, r); }
            }
        return result;
    }

    /// <summary>Probability that two sets with Jaccard similarity <paramref name="j"/> share at least one band.</summary>
    public static double Probability(double j, int bands, int rows) => 1 - Math.Pow(1 - Math.Pow(j, rows), bands);

    static double Integrate(Func<double, double> f, double a, double b)
    {
        const int steps = 200;
        double h = (b - a) / steps, sum = 0;
        for (int i = 0; i < steps; i++) sum += f(a + (i + 0.5) * h);
        return sum * h;
    }
}
