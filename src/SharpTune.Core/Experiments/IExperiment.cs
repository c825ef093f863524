namespace SharpTune.Core.Experiments;

/// <summary>
/// One `sharptune experiment NAME`: a claim about fine-tuning, the runs that test it (through the same train / predict /
/// eval code as the commands) and a report whose verdict is computed from the numbers it measured.
/// </summary>
public interface IExperiment
{
    /// <summary>The command-line name (pretrain-vs-sft, methods, …).</summary>
    string Name { get; }

    /// <summary>The question the report answers, as one sentence.</summary>
    string Question { get; }

    /// <summary>Executes every run and returns the report (written by <see cref="ExperimentRunner"/>).</summary>
    ExperimentReport Run(ExperimentContext context);
}
