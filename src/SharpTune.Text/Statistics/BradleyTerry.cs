namespace SharpTune.Text.Statistics;

/// <summary>
/// Bradley–Terry ratings by maximum likelihood, as FastChat's <c>compute_bt</c> (fastchat/serve/monitor/rating_systems.py):
/// P(a beats b) = 1 / (1 + 10^((R_b − R_a)/400)), a tie is half a win and half a loss, ratings are 400·r + 1000 with
/// the mean rating 1000 (FastChat starts L-BFGS at 0, which keeps the mean there, and then shifts its leaderboard to an
/// anchor model; no anchor is used here). Fitted by Newton's method on the natural-log strengths with a ridge of 1e-8,
/// which changes a fit that has a maximum by less than 1e-6 points and keeps ratings finite when a model won or lost
/// every comparison (then <see cref="Separated"/> names it: its rating only says "far above / below").
/// </summary>
public static class BradleyTerry
{
    const double Ridge = 1e-8;

    /// <summary>The fitted ratings of every model that appears in <paramref name="votes"/>, in order of first appearance.</summary>
    public static IReadOnlyDictionary<string, double> Fit(IReadOnlyList<PairwiseVote> votes)
    {
        var names = ModelNames(votes);
        var index = names.Select((n, i) => (n, i)).ToDictionary(t => t.n, t => t.i);
        int m = names.Count;
        var games = new double[m, m];                                     // games[i, j]: comparisons of i with j
        var score = new double[m, m];                                     // score[i, j]: i's wins over j + half the ties
        foreach (var v in votes)
        {
            int a = index[v.ModelA], b = index[v.ModelB];
            if (a == b) continue;
            games[a, b] += 1; games[b, a] += 1;
            score[a, b] += v.ScoreA; score[b, a] += 1 - v.ScoreA;
        }
        var theta = Solve(games, score);
        var ratings = new Dictionary<string, double>(m);
        for (int i = 0; i < m; i++) ratings[names[i]] = 400 * theta[i] / Math.Log(10) + 1000;
        return ratings;
    }

    /// <summary>Models that won every decisive comparison or lost every one (their likelihood has no maximum).</summary>
    public static IReadOnlyList<string> Separated(IReadOnlyList<PairwiseVote> votes) =>
        ModelNames(votes).Where(name =>
        {
            double won = 0, played = 0;
            foreach (var v in votes)
            {
                if (v.ModelA == v.ModelB) continue;
                if (v.ModelA == name) { won += v.ScoreA; played++; }
                else if (v.ModelB == name) { won += 1 - v.ScoreA; played++; }
            }
            return played > 0 && (won == 0 || won == played);
        }).ToList();

    internal static List<string> ModelNames(IReadOnlyList<PairwiseVote> votes)
    {
        var seen = new HashSet<string>();
        var names = new List<string>();
        foreach (var v in votes)
        {
            if (seen.Add(v.ModelA)) names.Add(v.ModelA);
            if (seen.Add(v.ModelB)) names.Add(v.ModelB);
        }
        return names;
    }

    static double[] Solve(double[,] games, double[,] score)
    {
        int m = games.GetLength(0);
        var theta = new double[m];
        for (int iter = 0; iter < 500; iter++)
        {
            var g = new double[m];
            var h = new double[m, m];
            for (int i = 0; i < m; i++)
            {
                g[i] = Ridge * theta[i];
                h[i, i] = Ridge;
                for (int j = 0; j < m; j++)
                {
                    if (i == j || games[i, j] == 0) continue;
                    double s = 1 / (1 + Math.Exp(theta[j] - theta[i]));
                    g[i] -= score[i, j] - games[i, j] * s;
                    double w = games[i, j] * s * (1 - s);
                    h[i, i] += w;
                    h[i, j] -= w;
                }
            }
            for (int i = 0; i < m; i++)                                   // + 1·1ᵀ: fixes the free shift of all ratings, keeps the
                for (int j = 0; j < m; j++) h[i, j] += 1;                  // system well conditioned; the step then sums to 0
            var step = Cholesky.Solve(h, g);
            double largest = step.Max(Math.Abs);
            double damp = largest > 2 ? 2 / largest : 1;                  // long steps only happen when a model is separated
            for (int i = 0; i < m; i++) theta[i] -= damp * step[i];
            double mean = theta.Average();
            for (int i = 0; i < m; i++) theta[i] -= mean;
            if (largest < 1e-12) break;
        }
        return theta;
    }
}
