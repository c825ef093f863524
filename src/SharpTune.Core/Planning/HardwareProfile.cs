namespace SharpTune.Core.Planning;

/// <summary>
/// One device of the catalogue: dense peak throughput per precision (TFLOP/s; null where no figure is published),
/// usable memory, the memory a training process takes before its tensors (CUDA context and workspaces, or the measured
/// runtime of this CPU), the default model FLOPs utilisation per precision, and an indicative price per device-hour.
/// </summary>
public sealed record HardwareProfile
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required double? PeakBf16Tflops { get; init; }
    public required double? PeakFp32Tflops { get; init; }
    public required double MemoryGb { get; init; }
    public required double OverheadGb { get; init; }
    public double MfuBf16 { get; init; } = 0.4;
    public double MfuFp32 { get; init; } = 0.4;
    public double? PricePerHour { get; init; }
    public required string Source { get; init; }
    /// <summary>True for this machine's CPU (SharpTune's own trainer, measured by --calibrate).</summary>
    public bool IsCpu { get; init; }

    /// <summary>Peak TFLOP/s for a precision: fp32 runs at the fp32 figure, amp-bf16 and pure-bf16 (and QLoRA) at bf16.</summary>
    public double? Peak(string precision) => precision == "fp32" ? PeakFp32Tflops : PeakBf16Tflops;

    /// <summary>The default utilisation for a precision.</summary>
    public double Mfu(string precision) => precision == "fp32" ? MfuFp32 : MfuBf16;
}
