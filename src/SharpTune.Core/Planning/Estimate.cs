namespace SharpTune.Core.Planning;

/// <summary>What a run costs: parameters, memory per device and whether it fits, FLOPs, time, device-hours and money.</summary>
public sealed record Estimate
{
    public required string Model { get; init; }
    /// <summary>full, freeze, lora, qlora-8, qlora-4, prompt_tuning, prefix_tuning or adapter.</summary>
    public required string Method { get; init; }
    public required string Precision { get; init; }
    public required string Hardware { get; init; }
    public required int NumDevices { get; init; }
    public required long TotalParams { get; init; }
    public required long TrainableParams { get; init; }
    public required long BaseParams { get; init; }
    public required double MemoryGbPerDevice { get; init; }
    public required MemoryBreakdown MemoryBreakdown { get; init; }
    public required double DeviceMemoryGb { get; init; }
    public required bool Fits { get; init; }
    /// <summary>The fewest devices of this kind the run fits on (sharded with the chosen ZeRO stage); null when none up to 4096.</summary>
    public required int? DevicesNeeded { get; init; }
    public required double FlopsPerToken { get; init; }
    public required double TrainTokens { get; init; }
    public required double TrainFlops { get; init; }
    public required double Mfu { get; init; }
    /// <summary>Peak TFLOP/s per device at this precision; null where the catalogue has no figure (no time is then given).</summary>
    public required double? PeakTflops { get; init; }
    public required double? TokensPerS { get; init; }
    public required double? Hours { get; init; }
    public required double? DeviceHours { get; init; }
    public required double? PricePerHour { get; init; }
    public required double? CostUsd { get; init; }
    public string Recommendation { get; init; } = "";
    public IReadOnlyList<string> Notes { get; init; } = [];
}
