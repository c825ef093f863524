using SharpTune.Core.Planning;

namespace SharpTune.Core.Tests.Planning;

public sealed class CpuCalibrationTests
{
    [Fact]
    public void The_grid_is_tiny_and_small_by_full_and_lora_by_fp32_and_bf16()
    {
        var grid = CpuCalibration.Grid(3);
        Assert.Equal(8, grid.Count);
        Assert.Equal(8, grid.Select(b => (b.Config, b.Mode, b.Dtype)).Distinct().Count());
        Assert.All(grid, b => Assert.Equal(3, b.Steps));
        Assert.Equal(["pure-bf16", "amp-bf16"], grid.Where(b => b.Dtype == "bfloat16" && b.Config == "tiny").Select(b => CpuCalibration.OptionsFor(b).Precision));
    }

    /// <summary>
    /// Runs that behave exactly as the model says (RSS = runtime + model, steps at 50 % of the fp32 and 30 % of the bf16
    /// GEMM peak) give back that runtime and those shares, and predictions equal to the measurements.
    /// </summary>
    [Fact]
    public void Fitting_recovers_the_runtime_and_the_share_of_peak_per_precision()
    {
        const double runtime = 200, peak32 = 150, peak16 = 90;
        var probeWeightsMb = ParameterCounter.Count(ModelPresets.Resolve("tiny", out _), new EstimateOptions { FinetuningType = "full" }).Base * 4 / 1e6;
        var hw = CpuProfile.Default.ToHardware() with { OverheadGb = 0 };
        var runs = CpuCalibration.Grid(2).Select(b =>
        {
            var o = CpuCalibration.OptionsFor(b);
            var c = ModelPresets.Resolve(o.Model, out _);
            var p = ParameterCounter.Count(c, o);
            bool fp32 = o.Precision == "fp32";
            double rss = runtime + MemoryModel.Compute(c, p, o, hw).Total * 1000;
            double tps = (fp32 ? 0.5 * peak32 : 0.3 * peak16) * 1e9 / FlopsModel.Total(c, p, o);
            return (b, rss, tps, fp32 ? peak32 : peak16, 0.0);
        }).ToList();
        var profile = CpuCalibration.Fit(runtime + probeWeightsMb, runs);
        Assert.Equal(runtime, profile.RuntimeMb, 1);
        Assert.Equal(0.5, profile.UtilisationFp32, 3);
        Assert.Equal(0.3, profile.UtilisationBf16, 3);
        Assert.Equal(peak16, profile.PeakBf16Gflops);
        Assert.All(profile.Points, x => { Assert.Equal(1, x.RssRatio, 2); Assert.Equal(1, x.SpeedRatio, 2); });
        Assert.Empty(profile.Warnings);
    }

    [Fact]
    public void A_busy_machine_is_reported_with_the_profile()
    {
        var runs = CpuCalibration.Grid(2).Select(b => (b, 500.0, 100.0, 10.0, 1.7)).ToList();
        var profile = CpuCalibration.Fit(300, runs);
        Assert.Contains(profile.Warnings, w => w.StartsWith("other processes used 1.7 of", StringComparison.Ordinal));
    }

    [Fact]
    public void A_share_above_one_on_a_quiet_machine_blames_the_probe_not_the_load()
    {
        // the training's tokens/s are far above what a 0.001 GFLOP/s probe allows: share > 1 with no other load
        var runs = CpuCalibration.Grid(2).Select(b => (b, 500.0, 100.0, 0.001, 0.0)).ToList();
        var profile = CpuCalibration.Fit(300, runs);
        Assert.Contains(profile.Warnings, w => w.StartsWith("training reached more than the 1024³ GEMM probe's speed", StringComparison.Ordinal));
        Assert.DoesNotContain(profile.Warnings, w => w.Contains("busy machine", StringComparison.Ordinal));
    }
}
