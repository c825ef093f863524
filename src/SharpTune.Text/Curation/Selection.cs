namespace SharpTune.Text.Curation;

/// <summary>
/// Keeping the best: within each stratum, records that pass every hard rule are ranked by combined score (ties in
/// a seeded random order); --keep_top F keeps the best round(F × stratum size) of them, --min_score X those scoring
/// at least X. Everything else gets the "rank" reason.
/// </summary>
internal static class Selection
{
    public static void Apply(ScoreTable table, int groups, double? keepTop, double? minScore, int seed)
    {
        if (keepTop is null && minScore is null) return;
        if (minScore is { } min)
        {
            for (int r = 0; r < table.Count; r++)
                if (table.Reasons(r) == 0 && table.Combined(r) < min) table.AddReason(r, ScoreTable.RankBit);
            return;
        }
        var members = new List<int>[groups];
        var sizes = new int[groups];
        for (int g = 0; g < groups; g++) members[g] = [];
        for (int r = 0; r < table.Count; r++)
        {
            int g = table.Group(r);
            sizes[g]++;
            if (table.Reasons(r) == 0) members[g].Add(r);
        }
        for (int g = 0; g < groups; g++)
        {
            int keep = (int)Math.Round(keepTop!.Value * sizes[g], MidpointRounding.AwayFromZero);
            if (keepTop.Value > 0 && sizes[g] > 0) keep = Math.Max(keep, 1);
            var ranked = members[g].OrderByDescending(table.Combined).ThenBy(r => TieKey(r, seed)).ToList();
            for (int i = keep; i < ranked.Count; i++) table.AddReason(ranked[i], ScoreTable.RankBit);
        }
    }

    static ulong TieKey(int record, int seed)
    {
        ulong x = (ulong)record * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)seed * 0xBF58476D1CE4E5B9UL;
        x ^= x >> 31;
        x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 29);
    }
}
