namespace SharpTune.Text.Statistics;

/// <summary>
/// Bootstrap intervals for Bradley–Terry ratings, as FastChat's <c>compute_bootstrap_bt</c>: the votes are resampled
/// with replacement (a multinomial draw of the same size), refitted, and the interval is the 2.5 % and 97.5 % quantiles
/// (<see cref="Quantiles.Linear"/>) of each model's rating; 100 rounds by default. Seeded: the same votes and seed give
/// the same interval.
/// </summary>
public static class RatingBootstrap
{
    /// <summary>Point ratings from all votes and intervals from <paramref name="rounds"/> resamples, sorted by rating.</summary>
    public static IReadOnlyList<RatingInterval> Fit(IReadOnlyList<PairwiseVote> votes, int rounds = 100, int seed = 0, double confidence = 0.95)
    {
        if (rounds < 1) throw new ArgumentOutOfRangeException(nameof(rounds), rounds, "bootstrap rounds must be at least 1");
        var point = BradleyTerry.Fit(votes);
        var samples = point.Keys.ToDictionary(k => k, _ => new List<double>(rounds));
        var rng = new Random(seed);
        var draw = new PairwiseVote[votes.Count];
        for (int r = 0; r < rounds && votes.Count > 0; r++)
        {
            for (int i = 0; i < draw.Length; i++) draw[i] = votes[rng.Next(votes.Count)];
            var fit = BradleyTerry.Fit(draw);
            foreach (var (model, rating) in fit) samples[model].Add(rating);
        }
        double lowQ = (1 - confidence) / 2, highQ = 1 - lowQ;
        return point
            .Select(p => samples[p.Key].Count == 0
                ? new RatingInterval(p.Key, p.Value, p.Value, p.Value)
                : new RatingInterval(p.Key, p.Value, Quantiles.Linear(samples[p.Key], lowQ), Quantiles.Linear(samples[p.Key], highQ)))
            .OrderByDescending(r => r.Rating)
            .ToList();
    }
}
