using SharpTune.Core.Configuration;

namespace SharpTune.Core.Experiments;

/// <summary>Every `sharptune experiment NAME`, in the order `sharptune experiment list` shows them.</summary>
public static class ExperimentCatalog
{
    public static IReadOnlyList<IExperiment> All { get; } =
    [
        new PretrainVsSftExperiment(),
        new MethodsExperiment(),
        new ShotsExperiment(),
        new DataQualityExperiment(),
        new VocabExpansionExperiment(),
        new GeneralizationExperiment(),
    ];

    /// <summary>The experiment called <paramref name="name"/>, or an error naming the closest one and the list.</summary>
    public static IExperiment Find(string name)
    {
        var found = All.FirstOrDefault(e => e.Name == name);
        if (found is not null) return found;
        string? near = ArgumentNames.Closest(name, All.Select(e => e.Name).ToList());
        throw new ArgumentException($"no experiment '{name}'{(near is null ? "" : $" (did you mean '{near}'?)")}; known: {string.Join(", ", All.Select(e => e.Name))}");
    }
}
