using SharpTune.Core.Planning;

namespace SharpTune.Core.Tests.Planning;

public sealed class EstimatorTests
{
    [Fact]
    public void Full_7b_does_not_fit_one_a100_and_lora_does_at_lower_cost()
    {
        var e = Estimator.Run(new EstimateOptions { Model = "7B", FinetuningType = "full", Hardware = "a100-80g", Tokens = 3e8, GradientCheckpointing = true });
        Assert.False(e.Fits);
        Assert.Equal(2, e.DevicesNeeded);
        Assert.StartsWith("full does not fit on 1× a100-80g", e.Recommendation);
        // both recompute: (6 + 2)·N against (4 + 2)·N FLOPs per token
        Assert.Contains("it needs 2× a100-80g; LoRA fits on one at 1.3× lower cost", e.Recommendation);
    }

    [Fact]
    public void Time_is_flops_over_devices_peak_and_mfu_and_cost_is_device_hours_times_price()
    {
        var e = Estimator.Run(new EstimateOptions { Model = "Llama-2-7B", FinetuningType = "lora", Hardware = "h100-80g", NumDevices = 2, Tokens = 1e9, Mfu = 0.5, Price = 3 });
        Assert.Equal(e.FlopsPerToken * 1e9, e.TrainFlops, 0);
        Assert.Equal(e.TrainFlops / (2 * 989e12 * 0.5) / 3600, e.Hours!.Value, 9);
        Assert.Equal(2 * e.Hours.Value, e.DeviceHours!.Value, 9);
        Assert.Equal(3 * e.DeviceHours.Value, e.CostUsd!.Value, 9);
    }

    [Fact]
    public void Dataset_tokens_are_multiplied_by_the_epochs()
    {
        var e = Estimator.Run(new EstimateOptions { Model = "Qwen2.5-0.5B", DatasetTokens = 1e8, NumTrainEpochs = 3, Hardware = "rtx4090" });
        Assert.Equal(3e8, e.TrainTokens);
    }

    [Fact]
    public void Compare_puts_every_method_side_by_side_with_lora_the_cheapest_that_trains_weights()
    {
        var all = Estimator.Compare(new EstimateOptions { Model = "Llama-3-8B", Hardware = "a100-80g", Tokens = 1e8, LoraRank = 8 });
        Assert.Equal(["full", "freeze", "lora", "qlora-8", "qlora-4", "prompt_tuning", "prefix_tuning", "adapter"], all.Select(e => e.Method));
        var byMethod = all.ToDictionary(e => e.Method);
        Assert.True(byMethod["full"].MemoryGbPerDevice > byMethod["freeze"].MemoryGbPerDevice);
        Assert.True(byMethod["freeze"].MemoryGbPerDevice > byMethod["lora"].MemoryGbPerDevice);
        Assert.True(byMethod["lora"].MemoryGbPerDevice > byMethod["qlora-8"].MemoryGbPerDevice);
        Assert.True(byMethod["qlora-8"].MemoryGbPerDevice > byMethod["qlora-4"].MemoryGbPerDevice);
        Assert.True(byMethod["full"].TrainFlops > byMethod["lora"].TrainFlops);
        Assert.Contains("LoRA fits on one", byMethod["full"].Recommendation);
    }

    [Fact]
    public void Hardware_without_a_price_gives_no_cost_unless_one_is_given()
    {
        var none = Estimator.Run(new EstimateOptions { Model = "7B", Hardware = "ascend-910b", Tokens = 1e9 });
        Assert.Null(none.CostUsd);
        Assert.Contains(none.Notes, n => n.Contains("--price", StringComparison.Ordinal));
        Assert.NotNull(Estimator.Run(new EstimateOptions { Model = "7B", Hardware = "ascend-910b", Tokens = 1e9, Price = 2 }).CostUsd);
    }

    [Fact]
    public void The_cpu_entry_reads_the_calibrated_profile_and_falls_back_to_the_default()
    {
        var profile = CpuProfile.Default with { PeakFp32Gflops = 200, UtilisationFp32 = 0.6, RuntimeMb = 250, MemoryGb = 24 };
        var e = Estimator.Run(new EstimateOptions { Model = "tiny", Hardware = "cpu", Precision = "fp32", Tokens = 1e6 }, profile);
        Assert.Equal(200 * 0.6 * 1e9 / e.FlopsPerToken, e.TokensPerS!.Value, 6);
        Assert.Equal(0.25, e.MemoryBreakdown.FrameworkOverhead, 9);
        Assert.Equal(24, e.DeviceMemoryGb);
        var fallback = Estimator.Run(new EstimateOptions { Model = "tiny", Hardware = "cpu", Precision = "fp32" });
        Assert.Equal(CpuProfile.Default.UtilisationFp32, fallback.Mfu);
    }

    /// <summary>The seed's two runs, at 40 % MFU (docs/estimator.md): the token budget their devices and days imply.</summary>
    [Fact]
    public void The_seeds_two_runs_imply_continued_pretraining_and_chinchilla_scale_budgets()
    {
        var big = TokenBudget.Implied(new EstimateOptions { Model = "38B", FinetuningType = "full", Hardware = "ascend-910b", NumDevices = 128, Mfu = 0.4 }, 11);
        var small = TokenBudget.Implied(new EstimateOptions { Model = "2.6B", FinetuningType = "full", Hardware = "a100-80g", NumDevices = 8, Mfu = 0.4, Price = 1.39 }, 9);
        // 128 · 294.9 TFLOP/s · 0.4 · 11 days / (6 N + attention) with N ≈ 38.8 B: ~60 B tokens; 8 · 312 · 0.4 · 9 days / 6·2.6B: ~48 B
        Assert.InRange(big.Tokens, 55e9, 66e9);
        Assert.InRange(small.Tokens, 44e9, 52e9);
        Assert.Equal(33_792, big.DeviceHours);
        Assert.Equal(1_728, small.DeviceHours);
        Assert.Equal(1_728 * 1.39, small.CostUsd!.Value, 6);
        Assert.StartsWith("continued pre-training", big.Reading[(big.Reading.IndexOf(':') + 2)..]);
        Assert.Contains("pre-training budget", small.Reading);
    }
}
