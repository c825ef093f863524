using SharpTune.Text.Statistics;

namespace SharpTune.Server.Arena;

/// <summary>Rates the models of a battle log: Bradley–Terry with seeded bootstrap intervals, online Elo, win rates,
/// head-to-head sign tests and inter-rater agreement.</summary>
internal static class ArenaReportBuilder
{
    public static ArenaReport Build(IReadOnlyList<BattleVote> votes, int rounds = 100, int seed = 0)
    {
        var pairwise = votes.Select(v => v.ToPairwise()).ToList();
        var ratings = pairwise.Count == 0 ? [] : RatingBootstrap.Fit(pairwise, rounds, seed);
        var elo = OnlineElo.Compute(pairwise);
        var models = ratings.Select(r =>
        {
            int wins = 0, losses = 0, ties = 0;
            foreach (var v in pairwise.Where(v => v.ModelA == r.Model || v.ModelB == r.Model))
            {
                if (v.IsTie) ties++;
                else if ((v.Outcome == PairwiseOutcome.ModelA) == (v.ModelA == r.Model)) wins++;
                else losses++;
            }
            var w = Proportions.Wilson(wins, wins + losses);
            bool any = wins + losses > 0;
            return new ModelRating(r.Model, r.Rating, r.Low, r.High, elo[r.Model], wins, losses, ties,
                any ? w.Rate : null, any ? w.Low : null, any ? w.High : null);
        }).ToList();
        return new ArenaReport(votes.Count, models, Pairs(pairwise, models.Select(m => m.Name).ToList()), Agreement(votes),
            pairwise.Count == 0 ? [] : BradleyTerry.Separated(pairwise), rounds, seed);
    }

    static List<PairResult> Pairs(IReadOnlyList<PairwiseVote> votes, IReadOnlyList<string> order)
    {
        var pairs = new List<PairResult>();
        for (int i = 0; i < order.Count; i++)
        {
            for (int j = i + 1; j < order.Count; j++)
            {
                string a = order[i], b = order[j];
                int aw = 0, bw = 0, t = 0;
                foreach (var v in votes)
                {
                    if (!((v.ModelA == a && v.ModelB == b) || (v.ModelA == b && v.ModelB == a))) continue;
                    if (v.IsTie) t++;
                    else if ((v.Outcome == PairwiseOutcome.ModelA) == (v.ModelA == a)) aw++;
                    else bw++;
                }
                if (aw + bw + t > 0) pairs.Add(new PairResult(a, b, aw, bw, t, BinomialTest.TwoSided(aw, aw + bw)));
            }
        }
        return pairs;
    }

    /// <summary>Category of a vote seen from the alphabetically first model: 0 first better, 1 second better, 2 tie.</summary>
    static int Category(BattleVote v)
    {
        bool flipped = string.CompareOrdinal(v.ModelA, v.ModelB) > 0;
        return BattleVote.Outcome(v.Winner) switch
        {
            PairwiseOutcome.ModelA => flipped ? 1 : 0,
            PairwiseOutcome.ModelB => flipped ? 0 : 1,
            _ => 2,
        };
    }

    static ArenaAgreement? Agreement(IReadOnlyList<BattleVote> votes)
    {
        var groups = votes.Where(v => v.QuestionId is not null && v.Judge.Length > 0)
            .GroupBy(v => (v.QuestionId, First: string.CompareOrdinal(v.ModelA, v.ModelB) < 0 ? v.ModelA : v.ModelB,
                           Second: string.CompareOrdinal(v.ModelA, v.ModelB) < 0 ? v.ModelB : v.ModelA))
            .Select(g => g.GroupBy(v => v.Judge).ToDictionary(j => j.Key, j => Category(j.Last())))
            .Where(byJudge => byJudge.Count >= 2).ToList();
        if (groups.Count == 0) return null;
        var counts = groups.Select(g => (IReadOnlyList<int>)Enumerable.Range(0, 3).Select(c => g.Values.Count(x => x == c)).ToList()).ToList();
        double observed = groups.Average(g => { int n = g.Count; return g.Values.GroupBy(x => x).Sum(c => (double)c.Count() * (c.Count() - 1)) / (n * (n - 1)); });
        var raters = groups.SelectMany(g => g.Keys).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList();
        double? cohen = null;
        if (raters.Count == 2 && groups.All(g => g.Count == 2))
            cohen = Finite(Kappa.Cohen(groups.Select(g => g[raters[0]]).ToList(), groups.Select(g => g[raters[1]]).ToList()));
        return new ArenaAgreement(groups.Count, groups.Sum(g => g.Count), raters.Count, observed, Finite(Kappa.Fleiss(counts)), cohen);
    }

    static double? Finite(double x) => double.IsFinite(x) ? x : null;
}
