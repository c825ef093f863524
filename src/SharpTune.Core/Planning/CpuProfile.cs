using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SharpTune.Text.IO;

namespace SharpTune.Core.Planning;

/// <summary>
/// This machine as `estimate --hardware cpu` sees it, measured by `estimate --calibrate`: the GEMM peak per precision,
/// the share of it SharpTune's training steps reach, the resident memory of the runtime before any model tensor, and
/// the RAM. Stored as JSON in <see cref="DefaultPath"/>; <see cref="Default"/> stands in until a calibration ran.
/// </summary>
public sealed record CpuProfile
{
    public required string Cpu { get; init; }
    public required double PeakFp32Gflops { get; init; }
    public required double PeakBf16Gflops { get; init; }
    public required double UtilisationFp32 { get; init; }
    public required double UtilisationBf16 { get; init; }
    public required double RuntimeMb { get; init; }
    public required double MemoryGb { get; init; }
    public string? MeasuredAt { get; init; }
    /// <summary>The allocator the measured processes ran with (tcmalloc keeps peak RSS 14–33 % below glibc's malloc).</summary>
    public string? Malloc { get; init; }
    public IReadOnlyList<CalibrationPoint> Points { get; init; } = [];
    /// <summary>Why the measured speeds may not hold (a busy machine, a disturbed GEMM probe).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Until --calibrate runs: a 2-core AVX2 machine without AMX (fp32 GEMM ~150 GFLOP/s, bf16 below it), half of that
    /// reached by a training step, 300 MB of runtime; RAM from /proc/meminfo where readable.
    /// </summary>
    public static CpuProfile Default => new()
    {
        Cpu = "default profile (run `sharptune estimate --calibrate` to measure this machine)",
        PeakFp32Gflops = 150, PeakBf16Gflops = 100, UtilisationFp32 = 0.5, UtilisationBf16 = 0.5, RuntimeMb = 300,
        MemoryGb = Math.Round(MachineInfo.MemoryGb() ?? 16, 1),
    };

    /// <summary>$SHARPTUNE_CONFIG_DIR, else $XDG_CONFIG_HOME/sharptune, else ~/.config/sharptune; the file cpu-profile.json.</summary>
    public static string DefaultPath
    {
        get
        {
            string? dir = Environment.GetEnvironmentVariable("SHARPTUNE_CONFIG_DIR");
            if (string.IsNullOrEmpty(dir))
            {
                string? xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
                string root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config") : xdg;
                dir = Path.Combine(root, "sharptune");
            }
            return Path.Combine(dir, "cpu-profile.json");
        }
    }

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true, NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>The stored profile, or null when there is none; a damaged file is an error naming it.</summary>
    public static CpuProfile? Load(string path)
    {
        if (!File.Exists(path)) return null;
        CpuProfile? p;
        try { p = JsonSerializer.Deserialize<CpuProfile>(File.ReadAllText(path), Json); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a CPU profile written by `estimate --calibrate` ({e.Message}); calibrate again or delete it", e); }
        if (p is null || !(p.PeakFp32Gflops > 0 && p.PeakBf16Gflops > 0 && p.UtilisationFp32 > 0 && p.UtilisationBf16 > 0 && p.RuntimeMb > 0 && p.MemoryGb > 0))
            throw new InvalidDataException($"{path}: peak_fp32_gflops, peak_bf16_gflops, utilisation_fp32, utilisation_bf16, runtime_mb and memory_gb must all be positive");
        return p;
    }

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public HardwareProfile ToHardware() => new()
    {
        Name = "cpu",
        Description = string.Create(CultureInfo.InvariantCulture, $"this CPU ({Cpu}), SharpTune's trainer"),
        PeakFp32Tflops = PeakFp32Gflops / 1000, PeakBf16Tflops = PeakBf16Gflops / 1000, MfuFp32 = UtilisationFp32, MfuBf16 = UtilisationBf16,
        MemoryGb = MemoryGb, OverheadGb = RuntimeMb / 1000, PricePerHour = null, IsCpu = true,
        Source = MeasuredAt is null ? "default CPU profile (not calibrated)" : $"estimate --calibrate, {MeasuredAt}",
    };
}
