namespace SharpTune.Text.Statistics;

/// <summary>
/// Chance-corrected agreement between raters. Cohen's κ for two raters over the same items (Cohen 1960):
/// κ = (pₒ − pₑ)/(1 − pₑ) with pₑ from each rater's own category frequencies. Fleiss' κ for any number of raters
/// (Fleiss 1971), in the form that allows a different number of ratings per item: Pᵢ = (Σⱼ nᵢⱼ² − nᵢ)/(nᵢ(nᵢ − 1)),
/// P̄ the mean of Pᵢ, pⱼ = Σᵢ nᵢⱼ / Σᵢ nᵢ, P̄ₑ = Σⱼ pⱼ². κ is NaN when chance agreement is already perfect.
/// </summary>
public static class Kappa
{
    /// <summary>Cohen's κ of two raters' labels for the same items, in the same order.</summary>
    public static double Cohen<T>(IReadOnlyList<T> rater1, IReadOnlyList<T> rater2) where T : notnull
    {
        if (rater1.Count != rater2.Count)
            throw new ArgumentException($"Cohen's kappa needs the same items from both raters, got {rater1.Count} and {rater2.Count} labels");
        if (rater1.Count == 0) return double.NaN;
        int n = rater1.Count, same = 0;
        var c1 = new Dictionary<T, int>();
        var c2 = new Dictionary<T, int>();
        for (int i = 0; i < n; i++)
        {
            if (EqualityComparer<T>.Default.Equals(rater1[i], rater2[i])) same++;
            c1[rater1[i]] = c1.GetValueOrDefault(rater1[i]) + 1;
            c2[rater2[i]] = c2.GetValueOrDefault(rater2[i]) + 1;
        }
        double po = (double)same / n;
        double pe = c1.Sum(kv => (double)kv.Value / n * c2.GetValueOrDefault(kv.Key) / n);
        return pe >= 1 ? double.NaN : (po - pe) / (1 - pe);
    }

    /// <summary>Fleiss' κ from <paramref name="counts"/>[item][category] = how many raters put the item in the category;
    /// items rated fewer than twice are left out.</summary>
    public static double Fleiss(IReadOnlyList<IReadOnlyList<int>> counts)
    {
        var items = counts.Where(row => row.Sum() >= 2).ToList();
        if (items.Count == 0) return double.NaN;
        int k = items.Max(r => r.Count);
        var categoryTotals = new double[k];
        double pBar = 0, total = 0;
        foreach (var row in items)
        {
            double ni = row.Sum(), sq = 0;
            for (int j = 0; j < row.Count; j++)
            {
                if (row[j] < 0) throw new ArgumentException($"Fleiss' kappa needs non-negative counts, got {row[j]}");
                sq += (double)row[j] * row[j];
                categoryTotals[j] += row[j];
            }
            pBar += (sq - ni) / (ni * (ni - 1));
            total += ni;
        }
        pBar /= items.Count;
        double pe = categoryTotals.Sum(t => (t / total) * (t / total));
        return pe >= 1 ? double.NaN : (pBar - pe) / (1 - pe);
    }
}
