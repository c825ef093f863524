// `estimate --calibrate`: short real training steps of SharpTune's own trainer (the bench runner, each configuration
// in a fresh process so that its peak RSS is its own) on the peer shapes tiny and small × full and LoRA (r 8 on
// q_proj, v_proj) × fp32 and bf16, AdamW, 256 tokens per sequence. The runtime's own resident memory is measured by a
// decoding run of the tiny model (minus its weights). The profile keeps the GEMM peak per precision measured in those
// processes and, per precision, the median share of it the steps reached (FLOPs counted by FlopsModel); each
// configuration's predicted peak RSS (runtime + MemoryModel) and tokens/s (peak · share / FLOPs per token) are then
// set against what it measured.
using System.Globalization;
using SharpTune.Core.Benchmarking;

namespace SharpTune.Core.Planning;

public static class CpuCalibration
{
    /// <summary>The calibrated grid, in the order it runs.</summary>
    public static IReadOnlyList<BenchOptions> Grid(int steps, int batch = 2, int seqLen = 256) =>
        (from config in new[] { "tiny", "small" }
         from mode in new[] { "full", "lora" }
         from dtype in new[] { "float32", "bfloat16" }
         select new BenchOptions { Config = config, Mode = mode, Dtype = dtype, Steps = steps, Warmup = 1, Batch = batch, SeqLen = seqLen }).ToList();

    /// <summary>The decoding run whose peak RSS, less the tiny model's weights, is the runtime's own memory.</summary>
    public static BenchOptions RuntimeProbe => new() { Config = "tiny", Mode = "generate", Batch = 1, PromptLen = 8, NewTokens = 2 };

    /// <summary>The estimate options that describe one bench configuration (bf16 full = pure bf16; bf16 LoRA = bf16 base, fp32 adapters).</summary>
    public static EstimateOptions OptionsFor(BenchOptions b) => new()
    {
        Model = b.Config, FinetuningType = b.Mode, LoraRank = b.Mode == "lora" ? b.LoraRank : 8, LoraTarget = b.Mode == "lora" ? b.LoraTargets : "all",
        Precision = b.Dtype == "float32" ? "fp32" : b.Mode == "full" ? "pure-bf16" : "amp-bf16", Optimizer = "adamw",
        PerDeviceTrainBatchSize = b.Batch, CutoffLen = b.SeqLen, GradientCheckpointing = b.GradientCheckpointing, Hardware = "cpu",
    };

    /// <summary>Runs the probe and the grid through <paramref name="bench"/> (which must give each run its own process) and fits the profile.</summary>
    public static CpuProfile Run(Func<BenchOptions, IReadOnlyDictionary<string, object?>> bench, int steps, int batch, IProgress<string>? progress = null)
    {
        progress?.Report("runtime probe (tiny, decoding)");
        var probe = bench(RuntimeProbe);
        var runs = new List<(BenchOptions Options, IReadOnlyDictionary<string, object?> Result)>();
        foreach (var b in Grid(steps, batch))
        {
            progress?.Report($"{b.Config} {b.Mode} {b.Dtype}");
            runs.Add((b, bench(b)));
        }
        var profile = Fit(Number(probe, "peak_rss_mb"), runs.Select(r => (r.Options, Number(r.Result, "peak_rss_mb"), Number(r.Result, "tokens_per_s"),
            Number(r.Result, "matmul_peak_gflops_per_s"), OtherCores(r.Result))).ToList());
        return profile with { Malloc = runs.Select(r => r.Result.GetValueOrDefault("malloc")?.ToString()).FirstOrDefault(m => m is not null) };
    }

    /// <summary>
    /// The profile from measurements: the probe's peak RSS and, per configuration, (peak RSS MB, tokens/s, GEMM peak GFLOP/s
    /// measured in the same process, other processes' mean cores).
    /// </summary>
    public static CpuProfile Fit(double probeRssMb, IReadOnlyList<(BenchOptions Options, double RssMb, double TokensPerS, double PeakGflops, double OtherCores)> runs)
    {
        var blank = CpuProfile.Default with { RuntimeMb = 1 };
        var probeParams = ParameterCounter.Count(ModelPresets.Resolve(RuntimeProbe.Config, out _), new EstimateOptions { FinetuningType = "full" });
        double runtimeMb = Math.Max(1, probeRssMb - probeParams.Base * 4 / 1e6);
        var rows = runs.Select(r =>
        {
            var o = OptionsFor(r.Options).Validate();
            var c = ModelPresets.Resolve(o.Model, out _);
            var p = ParameterCounter.Count(c, o);
            double memoryMb = MemoryModel.Compute(c, p, o, blank.ToHardware() with { OverheadGb = 0 }).Total * 1000;
            double flops = FlopsModel.Total(c, p, o);
            return (r, o, memoryMb, flops, share: r.TokensPerS * flops / (r.PeakGflops * 1e9));
        }).ToList();
        double Median(IEnumerable<double> xs) => Stats.Median(xs.ToList());
        bool Fp32(EstimateOptions o) => o.Precision == "fp32";
        double peak32 = Median(rows.Where(x => Fp32(x.o)).Select(x => x.r.PeakGflops)), peak16 = Median(rows.Where(x => !Fp32(x.o)).Select(x => x.r.PeakGflops));
        double util32 = Median(rows.Where(x => Fp32(x.o)).Select(x => x.share)), util16 = Median(rows.Where(x => !Fp32(x.o)).Select(x => x.share));
        var points = rows.Select(x => new CalibrationPoint
        {
            Config = x.r.Options.Config, Method = x.r.Options.Mode, Precision = x.o.Precision,
            MeasuredRssMb = x.r.RssMb, PredictedRssMb = Math.Round(runtimeMb + x.memoryMb, 1),
            MeasuredTokensPerS = x.r.TokensPerS,
            PredictedTokensPerS = Math.Round((Fp32(x.o) ? peak32 * util32 : peak16 * util16) * 1e9 / x.flops, 1),
            OtherCores = x.r.OtherCores,
        }).ToList();
        var warnings = new List<string>();
        double busy = runs.Count > 0 ? runs.Average(r => r.OtherCores) : 0;
        if (busy > 0.25)
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"other processes used {busy:0.##} of {Environment.ProcessorCount} cores on average during the steps: the speeds are this load's, calibrate again on a quiet machine"));
        if ((util32 > 1 || util16 > 1) && busy > 0.25)
            warnings.Add("a share of the GEMM peak above 1: the matmul probe was slowed more than the training steps (a busy machine)");
        else if (util32 > 1 || util16 > 1)
            warnings.Add($"training reached more than the 1024³ GEMM probe's speed ({(util32 > 1 ? "fp32" : "bf16")}): that matmul is slower on this CPU than the training's own kernels (no native bf16 matmul without AVX-512-BF16 or AMX); the share is still the measured ratio and predicts these runs");
        return new CpuProfile
        {
            Cpu = MachineInfo.Cpu(), PeakFp32Gflops = Math.Round(peak32, 1), PeakBf16Gflops = Math.Round(peak16, 1),
            UtilisationFp32 = Math.Round(util32, 3), UtilisationBf16 = Math.Round(util16, 3), RuntimeMb = Math.Round(runtimeMb, 1),
            MemoryGb = Math.Round(MachineInfo.MemoryGb() ?? 16, 1), MeasuredAt = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            Points = points, Warnings = warnings,
        };
    }

    static double Number(IReadOnlyDictionary<string, object?> r, string key) => r.TryGetValue(key, out var v) && v is not null
        ? Convert.ToDouble(v is System.Text.Json.JsonElement j ? j.GetDouble() : v, CultureInfo.InvariantCulture)
        : throw new InvalidDataException($"the bench run gave no '{key}'");

    static double OtherCores(IReadOnlyDictionary<string, object?> r) =>
        r.TryGetValue("contention", out var c) && c is System.Text.Json.JsonElement j && j.TryGetProperty("other_cores_mean", out var m) ? m.GetDouble() : 0;
}
