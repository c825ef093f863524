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

    /// <summary>The documented defaults for a record kind.</summary>
    public static RuleSet Default(RecordKind kind) => new() { Scorers = DefaultScorers(kind) };

    /// <summary>The default scorers of a kind (pairs or instruction data).</summary>
    public static IReadOnlyList<Scorer> DefaultScorers(RecordKind kind) => kind == RecordKind.Pairs ? PairScorers.All : InstructionScorers.All;

    /// <summary>Applies overrides to the defaults of <paramref name="kind"/>.</summary>
    public static RuleSet WithOverrides(RecordKind kind, IReadOnlyDictionary<string, ScorerOverride> overrides, string origin)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var defaults = DefaultScorers(kind);
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
