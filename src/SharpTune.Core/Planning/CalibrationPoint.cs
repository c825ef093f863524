namespace SharpTune.Core.Planning;

/// <summary>One calibrated configuration: predicted against measured peak RSS and tokens/s.</summary>
public sealed record CalibrationPoint
{
    public required string Config { get; init; }
    public required string Method { get; init; }
    public required string Precision { get; init; }
    public required double MeasuredRssMb { get; init; }
    public required double PredictedRssMb { get; init; }
    public required double MeasuredTokensPerS { get; init; }
    public required double PredictedTokensPerS { get; init; }
    /// <summary>Other processes' mean CPU use during the measured steps (cores), from /proc/stat.</summary>
    public double OtherCores { get; init; }

    public double RssRatio => PredictedRssMb / MeasuredRssMb;
    public double SpeedRatio => PredictedTokensPerS / MeasuredTokensPerS;
}
