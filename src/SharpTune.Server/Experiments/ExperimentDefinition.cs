namespace SharpTune.Server.Experiments;

/// <summary>
/// One experiment of the experiments file: requests for <paramref name="Alias"/> are split over the variants (key →
/// served model) by <paramref name="Weights"/> (one per variant, summing to 1). The hash seed is the name.
/// </summary>
internal sealed record ExperimentDefinition(string Name, string Alias, IReadOnlyList<ExperimentVariant> Variants)
{
    public IReadOnlyList<double> Weights => Variants.Select(v => v.Weight).ToList();
}
