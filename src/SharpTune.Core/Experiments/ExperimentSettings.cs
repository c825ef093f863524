namespace SharpTune.Core.Experiments;

/// <summary>
/// What `sharptune experiment NAME` was given: the budget (<see cref="Quick"/>: the same runs with tiny budgets), where
/// the report goes, the first seed, the bundled model and data (or the user's) and key=value overrides applied on top
/// of every run's configuration (LLaMA-Factory names).
/// </summary>
public sealed record ExperimentSettings
{
    public required string OutputDir { get; init; }

    public bool Quick { get; init; }

    public long Seed { get; init; } = 42;

    /// <summary>The base model every run starts from.</summary>
    public string ModelNameOrPath { get; init; } = "examples/models/sharptune-base";

    /// <summary>The LLaMA-Factory dataset folder (dataset_info.json) with the bundled data.</summary>
    public string DatasetDir { get; init; } = "examples/data";

    /// <summary>Applied last to every training / prediction configuration (precedence: experiment &lt; these).</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>();

    /// <summary>The command line that regenerates the report, quoted in it.</summary>
    public string Command { get; init; } = "";

    /// <summary>The seeds of a repeated run: <paramref name="count"/> consecutive seeds from <see cref="Seed"/>.</summary>
    public IReadOnlyList<long> Seeds(int count) => Enumerable.Range(0, count).Select(i => Seed + i).ToList();
}
