using System.ComponentModel;

namespace SharpTune.Core.Experiments;

/// <summary>The one prediction key that lives outside the argument records (as for `sharptune predict`).</summary>
internal sealed record PredictArguments
{
    [Description("Prompts per batch (left-padded).")]
    public int PerDeviceEvalBatchSize { get; init; } = 8;
}
