namespace SharpTune.Server.Experiments;

/// <summary>
/// GrowthBook's deterministic assignment (packages/sdk-js/src/util.ts): FNV-1a 32-bit over UTF-16 code units;
/// version 2 (the default here) is <c>fnv(str(fnv(seed + value))) % 10000 / 10000</c>, version 1 is
/// <c>fnv(value + seed) % 1000 / 1000</c>; bucket ranges are the cumulative weights, and a hash in
/// [start, end) of a range picks its variant. The same user id and seed always land in the same bucket, in
/// any process and after any restart.
/// </summary>
internal static class GrowthBookHash
{
    /// <summary>FNV-1a 32-bit of the string's UTF-16 code units (what JavaScript's charCodeAt gives).</summary>
    public static uint Fnv1a32(string s)
    {
        uint h = 0x811c9dc5;
        foreach (char c in s)
        {
            h ^= c;
            h = unchecked(h * 16777619);
        }
        return h;
    }

    /// <summary>A number in [0, 1) for <paramref name="value"/> under <paramref name="seed"/>.</summary>
    public static double Hash(string seed, string value, int version = 2) => version switch
    {
        2 => Fnv1a32(Fnv1a32(seed + value).ToString(System.Globalization.CultureInfo.InvariantCulture)) % 10000 / 10000.0,
        1 => Fnv1a32(value + seed) % 1000 / 1000.0,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "GrowthBook hash versions are 1 and 2"),
    };

    /// <summary>GrowthBook's getBucketRanges: [start, start + coverage·w) per weight; weights that do not sum to
    /// 1 ± 0.01 fall back to equal shares.</summary>
    public static IReadOnlyList<(double Start, double End)> BucketRanges(IReadOnlyList<double> weights, double coverage = 1)
    {
        coverage = Math.Clamp(coverage, 0, 1);
        var w = Math.Abs(weights.Sum() - 1) > 0.01 ? weights.Select(_ => 1.0 / weights.Count).ToList() : weights.ToList();
        double cumulative = 0;
        var ranges = new List<(double, double)>(w.Count);
        foreach (var x in w)
        {
            double start = cumulative;
            cumulative += x;
            ranges.Add((start, start + coverage * x));
        }
        return ranges;
    }

    /// <summary>The index of the range holding <paramref name="n"/>, or −1.</summary>
    public static int ChooseVariation(double n, IReadOnlyList<(double Start, double End)> ranges)
    {
        for (int i = 0; i < ranges.Count; i++)
            if (n >= ranges[i].Start && n < ranges[i].End) return i;
        return -1;
    }
}
