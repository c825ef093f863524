using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Text.Curation;

/// <summary>
/// The rules in force: the default scorers of the record kind with per-scorer overrides (enabled, threshold, hard,
/// weight) from a YAML file (<see cref="RuleSetYaml"/>). Hard rules reject outright; the others only rank, through
/// the weighted mean of their 0–1 cleanliness.
/// </summary>
public sealed record RuleSet
{
    /// <summary>The scorers, overrides applied, disabled ones removed.</summary>
    public required IReadOnlyList<Scorer> Scorers { get; init; }

    /// <summary>The documented defaults for a record kind, with the model-based scorers when a model measures the samples.</summary>
    public static RuleSet Default(RecordKind kind, bool model = false) => new() { Scorers = DefaultScorers(kind, model) };

    /// <summary>The default scorers of a kind (pairs or instruction data), then the model-based ones when <paramref name="model"/>.</summary>
    public static IReadOnlyList<Scorer> DefaultScorers(RecordKind kind, bool model = false)
    {
        var heuristic = kind == RecordKind.Pairs ? PairScorers.All : InstructionScorers.All;
        return model ? [.. heuristic, .. ModelScorers.For(kind)] : heuristic;
    }

    /// <summary>Applies overrides to the defaults of <paramref name="kind"/> (with the model-based scorers when <paramref name="model"/>).</summary>
    public static RuleSet WithOverrides(RecordKind kind, IReadOnlyDictionary<string, ScorerOverride> overrides, string origin, bool model = false)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var defaults = DefaultScorers(kind, model);
        foreach (string name in overrides.Keys)
            if (!model && ModelScorers.IsModelScorer(name))
                throw new ArgumentException($"{origin}: scorer '{name}' needs a model: give --model_name_or_path.");
        foreach (string name in overrides.Keys)
            if (defaults.All(s => s.Name != name))
                throw new ArgumentException($"{origin}: unknown scorer '{name}' for {kind.ToString().ToLowerInvariant()} data; did you mean '{Closest(name, defaults.Select(s => s.Name))}'?");
        var scorers = new List<Scorer>();
        foreach (var s in defaults)
        {
            if (!overrides.TryGetValue(s.Name, out var o)) { scorers.Add(s); continue; }
            if (o.Enabled == false) continue;
            scorers.Add(s with { Threshold = o.Threshold ?? s.Threshold, Hard = o.Hard ?? s.Hard, Weight = o.Weight ?? s.Weight });
        }
        return new RuleSet { Scorers = scorers };
    }

    /// <summary>Weighted mean of the applicable soft cleanliness values (hard-only scorers have weight 0); 1 when none applies.</summary>
    public double Combine(ReadOnlySpan<double> scores)
    {
        double sum = 0, weights = 0;
        for (int i = 0; i < Scorers.Count; i++)
        {
            var s = Scorers[i];
            if (s.Weight <= 0 || double.IsNaN(scores[i])) continue;
            sum += s.Weight * s.Cleanliness(scores[i]);
            weights += s.Weight;
        }
        return weights == 0 ? 1.0 : sum / weights;
    }

    internal static string Closest(string name, IEnumerable<string> candidates) =>
        candidates.OrderByDescending(c => Consistency.Similarity(name, c)).ThenBy(c => c, StringComparer.Ordinal).First();
}
