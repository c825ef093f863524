namespace SharpTune.Core.Export;

/// <summary>`sharptune export-job` settings: where to write, how many GPUs, and ZeRO stage or FSDP.</summary>
public sealed record ExportJobOptions
{
    public required string Output { get; init; }
    public int NumGpus { get; init; } = 1;
    /// <summary>DeepSpeed ZeRO stage (2 or 3); ignored with <see cref="Fsdp"/>.</summary>
    public int Zero { get; init; } = 3;
    public bool Fsdp { get; init; }
    public bool Overwrite { get; init; }
}
