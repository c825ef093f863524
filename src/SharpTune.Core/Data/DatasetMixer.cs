namespace SharpTune.Core.Data;

/// <summary>
/// LLaMA-Factory's mix strategies: concat; interleave_under (stop when the first dataset runs out);
/// interleave_over (restart exhausted datasets until every one has been used up once). With probabilities
/// the next dataset is drawn from them with a seeded generator, otherwise datasets take turns.
/// </summary>
public static class DatasetMixer
{
    public static readonly string[] Strategies = ["concat", "interleave_under", "interleave_over"];

    public static IReadOnlyList<T> Mix<T>(IReadOnlyList<IReadOnlyList<T>> sets, string strategy, IReadOnlyList<double> probs, long seed)
    {
        if (!Strategies.Contains(strategy))
            throw new ArgumentException($"mix_strategy '{strategy}' is not one of {string.Join(", ", Strategies)}");
        if (sets.Count == 1 || strategy == "concat") return sets.SelectMany(s => s).ToList();
        if (probs.Count > 0 && (probs.Count != sets.Count || probs.Any(p => p < 0) || Math.Abs(probs.Sum() - 1) > 1e-6))
            throw new ArgumentException($"interleave_probs must give {sets.Count} non-negative numbers summing to 1, got [{string.Join(", ", probs)}]");
        bool over = strategy == "interleave_over";
        var rng = new Random(unchecked((int)seed));
        var next = new int[sets.Count];
        var exhausted = new bool[sets.Count];
        for (int i = 0; i < probs.Count; i++) exhausted[i] = probs[i] == 0;   // never drawn: never waited for
        var result = new List<T>();
        for (int turn = 0; ; turn++)
        {
            int d = probs.Count > 0 ? Draw(probs, rng) : turn % sets.Count;
            if (next[d] >= sets[d].Count)
            {
                exhausted[d] = true;
                if (!over || exhausted.All(e => e)) break;
                next[d] = 0;
            }
            result.Add(sets[d][next[d]++]);
            if (next[d] >= sets[d].Count)
            {
                exhausted[d] = true;
                if (!over || exhausted.All(e => e)) break;
                next[d] = 0;
            }
        }
        return result;
    }

    static int Draw(IReadOnlyList<double> probs, Random rng)
    {
        double u = rng.NextDouble(), acc = 0;
        for (int i = 0; i < probs.Count; i++)
        {
            acc += probs[i];
            if (u < acc) return i;
        }
        return probs.Count - 1;
    }
}
