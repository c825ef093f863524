namespace SharpTune.Text.Statistics;

/// <summary>
/// Online Elo, FastChat's <c>compute_elo</c>: every model starts at 1000, and each vote in order moves the two ratings by
/// K·(S − E) with E = 1 / (1 + 10^((R_b − R_a)/400)) and S = 1, 0.5 (tie) or 0. Depends on the order of the votes,
/// which is why Bradley–Terry is the main view and this the second one.
/// </summary>
public static class OnlineElo
{
    /// <summary>Ratings after replaying <paramref name="votes"/> in order.</summary>
    public static IReadOnlyDictionary<string, double> Compute(IEnumerable<PairwiseVote> votes, double k = 4, double initial = 1000)
    {
        var r = new Dictionary<string, double>();
        foreach (var v in votes)
        {
            double ra = r.TryGetValue(v.ModelA, out var x) ? x : initial;
            double rb = r.TryGetValue(v.ModelB, out var y) ? y : initial;
            double expected = 1 / (1 + Math.Pow(10, (rb - ra) / 400));
            double delta = k * (v.ScoreA - expected);
            r[v.ModelA] = ra + delta;
            r[v.ModelB] = (v.ModelA == v.ModelB ? ra + delta : rb) - delta;
        }
        return r;
    }
}
