namespace SharpTune.Core.Data;

/// <summary>
/// LLaMA-Factory's mix strategies, with the orders of Hugging Face datasets' interleave_datasets that it calls:
/// concat; interleave_under (first_exhausted: stop when a dataset runs out); interleave_over (all_exhausted: restart
/// exhausted datasets until every one has been used up once); interleave_once (all_exhausted_without_replacement:
/// every example exactly once, exhausted datasets dropping out). Without probabilities the datasets take turns in
/// whole rounds (min(len) rounds, max(len) rounds, or until all are used); with them the next dataset is drawn with a
/// seeded generator.
/// </summary>
public static class DatasetMixer
{
    public static readonly string[] Strategies = ["concat", "interleave_under", "interleave_over", "interleave_once"];

    public static IReadOnlyList<T> Mix<T>(IReadOnlyList<IReadOnlyList<T>> sets, string strategy, IReadOnlyList<double> probs, long seed)
    {
        if (!Strategies.Contains(strategy))
            throw new ArgumentException($"mix_strategy '{strategy}' is not one of {string.Join(", ", Strategies)}");
        if (sets.Count == 1 || strategy == "concat") return sets.SelectMany(s => s).ToList();
        if (probs.Count > 0 && (probs.Count != sets.Count || probs.Any(p => p < 0) || Math.Abs(probs.Sum() - 1) > 1e-6))
            throw new ArgumentException($"interleave_probs must give {sets.Count} non-negative numbers summing to 1, got [{string.Join(", ", probs)}]");
        return probs.Count == 0 ? Rounds(sets, strategy) : Sampled(sets, strategy, probs, seed);
    }

    /// <summary>Turns in whole rounds: round r takes example r (modulo its length when oversampling) of each dataset.</summary>
    static List<T> Rounds<T>(IReadOnlyList<IReadOnlyList<T>> sets, string strategy)
    {
        int rounds = strategy == "interleave_under" ? sets.Min(s => s.Count) : sets.Max(s => s.Count);
        var result = new List<T>();
        for (int r = 0; r < rounds; r++)
            foreach (var s in sets)
            {
                if (r < s.Count) result.Add(s[r]);
                else if (strategy == "interleave_over" && s.Count > 0) result.Add(s[r % s.Count]);
            }
        return result;
    }

    /// <summary>Draws the dataset of each next example from <paramref name="probs"/>; datasets of probability 0 are never
    /// drawn, nor waited for.</summary>
    static List<T> Sampled<T>(IReadOnlyList<IReadOnlyList<T>> sets, string strategy, IReadOnlyList<double> probs, long seed)
    {
        var rng = new Random(unchecked((int)seed));
        var next = new int[sets.Count];
        var exhausted = sets.Select((s, i) => probs[i] == 0 || s.Count == 0).ToArray();
        var result = new List<T>();
        if (strategy == "interleave_under" && sets.Where((s, i) => probs[i] > 0).Any(s => s.Count == 0)) return result;
        while (!exhausted.All(e => e))
        {
            int d = Draw(probs, strategy == "interleave_once" ? exhausted : null, rng);
            result.Add(sets[d][next[d]++]);
            if (next[d] < sets[d].Count) continue;
            exhausted[d] = true;
            if (strategy == "interleave_under") break;
            if (strategy == "interleave_over") next[d] = 0;                                  // drawn again until all are used up
        }
        return result;
    }

    /// <summary>A dataset index drawn with the given probabilities, among those not <paramref name="skip"/>ped.</summary>
    static int Draw(IReadOnlyList<double> probs, bool[]? skip, Random rng)
    {
        double total = 0;
        for (int i = 0; i < probs.Count; i++) if (skip is null || !skip[i]) total += probs[i];
        double u = rng.NextDouble() * total, acc = 0;
        int last = -1;
        for (int i = 0; i < probs.Count; i++)
        {
            if ((skip is not null && skip[i]) || probs[i] == 0) continue;
            acc += probs[i];
            last = i;
            if (u < acc) return i;
        }
        return last;
    }
}
