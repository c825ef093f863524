using SharpTune.Server.Api;
using SharpTune.Server.Storage;

namespace SharpTune.Server.Experiments;

/// <summary>
/// Live A/B: routes a request for an experiment's alias to one of its variants and records every finished routed
/// completion. A user id is assigned by <see cref="GrowthBookHash"/> (version 2, seed = experiment name), so it always
/// gets the same variant; a request without one draws a variant at random by the weights and is marked not sticky
/// (the report counts those apart). Other model names pass through unrouted.
/// </summary>
internal sealed class ExperimentRouter(IReadOnlyList<ExperimentDefinition> experiments, ExperimentStore store, Random? random = null)
    : ICompletionObserver
{
    readonly Dictionary<string, ExperimentDefinition> _byAlias = experiments.ToDictionary(e => e.Alias, StringComparer.Ordinal);
    readonly Random _random = random ?? Random.Shared;
    readonly object _randomGate = new();

    public IReadOnlyList<ExperimentDefinition> Experiments => experiments;

    public RoutedModel? Route(string requestedModel, string? userId)
    {
        if (!_byAlias.TryGetValue(requestedModel, out var e)) return null;
        var ranges = GrowthBookHash.BucketRanges(e.Weights);
        if (string.IsNullOrEmpty(userId))
        {
            double n;
            lock (_randomGate) n = _random.NextDouble();
            var drawn = e.Variants[Math.Max(0, GrowthBookHash.ChooseVariation(n, ranges))];
            return new RoutedModel(drawn.ServedModel, e.Name, drawn.Key, null, Sticky: false);
        }
        int index = GrowthBookHash.ChooseVariation(GrowthBookHash.Hash(e.Name, userId), ranges);
        var v = e.Variants[index < 0 ? e.Variants.Count - 1 : index];        // -1 only from rounding at the very top
        return new RoutedModel(v.ServedModel, e.Name, v.Key, userId, Sticky: true);
    }

    public void Completed(CompletionRecord record) => store.Record(record);
}
