using SharpTune.Core.Planning;

namespace SharpTune.Core.Tests.Planning;

/// <summary>The memory model against published tables (docs/estimator.md says how each setting was mapped).</summary>
public sealed class MemoryModelTests
{
    static double Gb(EstimateOptions o) => Estimator.Run(o).MemoryGbPerDevice;

    /// <summary>
    /// LLaMA-Factory's README table at its sequence length 1024 (maintainer, LlamaFactory#4956), batch 1, its default
    /// gradient checkpointing, LoRA on all linear layers (its default), on an 80 GB device; ±25 % as the table is "estimated".
    /// </summary>
    [Theory]
    [InlineData("7B", "full", "amp-bf16", null, 120)]
    [InlineData("14B", "full", "amp-bf16", null, 240)]
    [InlineData("30B", "full", "amp-bf16", null, 600)]
    [InlineData("70B", "full", "amp-bf16", null, 1200)]
    [InlineData("7B", "full", "pure-bf16", null, 60)]
    [InlineData("14B", "full", "pure-bf16", null, 120)]
    [InlineData("30B", "full", "pure-bf16", null, 300)]
    [InlineData("70B", "full", "pure-bf16", null, 600)]
    [InlineData("7B", "lora", "amp-bf16", null, 16)]
    [InlineData("14B", "lora", "amp-bf16", null, 32)]
    [InlineData("30B", "lora", "amp-bf16", null, 64)]
    [InlineData("70B", "lora", "amp-bf16", null, 160)]
    [InlineData("7B", "lora", "amp-bf16", 8, 10)]
    [InlineData("14B", "lora", "amp-bf16", 8, 20)]
    [InlineData("30B", "lora", "amp-bf16", 8, 40)]
    [InlineData("70B", "lora", "amp-bf16", 8, 80)]
    [InlineData("7B", "lora", "amp-bf16", 4, 6)]
    [InlineData("14B", "lora", "amp-bf16", 4, 12)]
    [InlineData("30B", "lora", "amp-bf16", 4, 24)]
    [InlineData("70B", "lora", "amp-bf16", 4, 48)]
    [InlineData("7B", "freeze", "amp-bf16", null, 20)]                                       // the older table's Freeze row (7B / 13B / 30B / 70B)
    [InlineData("13B", "freeze", "amp-bf16", null, 40)]
    [InlineData("30B", "freeze", "amp-bf16", null, 80)]
    [InlineData("70B", "freeze", "amp-bf16", null, 200)]
    public void Memory_is_within_a_quarter_of_llama_factorys_table(string model, string method, string precision, int? bits, double tableGb)
    {
        double gb = Gb(new EstimateOptions
        {
            Model = model, FinetuningType = method, Precision = precision, QuantizationBit = bits, CutoffLen = 1024,
            PerDeviceTrainBatchSize = 1, GradientCheckpointing = true,
        });
        Assert.InRange(gb / tableGb, 0.75, 1.25);
    }

    /// <summary>
    /// torchtune's Llama-3.1-8B single-device table: batch 2, packed to 2048, bf16, activation checkpointing; full with
    /// PagedAdamW8bit stepping in backward (its state paged to the host on the 24 GB 4090, left on the 48 GB A6000);
    /// LoRA / QLoRA r 8 on q, v, output and the MLP with AdamW. Peak memory in GiB; ±25 %.
    /// </summary>
    [Theory]
    [InlineData("full", "paged-adamw-8bit", null, 18.9)]                                    // 1×4090
    [InlineData("full", "adamw-8bit", null, 37.4)]                                          // 1×A6000
    [InlineData("lora", "adamw", null, 16.2)]                                               // 1×4090
    [InlineData("lora", "adamw", 4, 7.4)]                                                   // 1×4090
    public void Memory_is_within_a_quarter_of_torchtunes_llama_3_1_8b_measurements(string method, string optimizer, int? bits, double gib)
    {
        bool full = method == "full";
        double gb = Gb(new EstimateOptions
        {
            Model = "Llama-3.1-8B", FinetuningType = method, Precision = "pure-bf16", Optimizer = optimizer, OptimizerInBwd = full, QuantizationBit = bits,
            LoraTarget = full ? "all" : "q_proj,v_proj,o_proj,gate_proj,up_proj,down_proj", PerDeviceTrainBatchSize = 2, CutoffLen = 2048,
            GradientCheckpointing = true, Hardware = "rtx4090",
        });
        Assert.InRange(gb / (gib * 1.073741824), 0.75, 1.25);
    }

    [Fact]
    public void Full_amp_costs_eighteen_bytes_per_parameter_and_pure_bf16_eight()
    {
        var c = ModelPresets.Resolve("Llama-2-7B", out _);
        var hw = HardwareCatalog.Get("a100-80g");
        foreach (var (precision, bytes) in new[] { ("amp-bf16", 18.0), ("pure-bf16", 8.0), ("fp32", 16.0) })
        {
            var o = new EstimateOptions { Model = "Llama-2-7B", FinetuningType = "full", Precision = precision };
            var m = MemoryModel.Compute(c, ParameterCounter.Count(c, o), o, hw);
            Assert.Equal(bytes * 6_738_415_616 / 1e9, m.Weights + m.Gradients + m.OptimizerState, 6);
        }
    }

    [Fact]
    public void Recomputation_keeps_far_less_than_storing_every_activation_and_korthikanti_is_reported()
    {
        var m = Estimator.Run(new EstimateOptions { Model = "Llama-2-7B", FinetuningType = "full", CutoffLen = 1024 }).MemoryBreakdown;
        Assert.Equal(m.ActivationsNoRecompute, m.Activations);
        Assert.True(m.ActivationsRecompute < m.ActivationsNoRecompute / 5);
        // Korthikanti's GPT figure at s = 1024, b = 1: 32 · 1024 · 4096 · (34 + 5 · 32 · 1024 / 4096) bytes = 9.93 GB (the note's 9.9 GB)
        Assert.Equal(9.93, m.ActivationsKorthikantiGpt, 2);
    }

    [Fact]
    public void Zero_3_divides_weights_gradients_and_optimizer_state_but_not_activations()
    {
        var one = Estimator.Run(new EstimateOptions { Model = "70B", FinetuningType = "full", NumDevices = 1 }).MemoryBreakdown;
        var eight = Estimator.Run(new EstimateOptions { Model = "70B", FinetuningType = "full", NumDevices = 8 }).MemoryBreakdown;
        Assert.Equal(one.Weights / 8, eight.Weights, 6);
        Assert.Equal(one.Gradients / 8, eight.Gradients, 6);
        Assert.Equal(one.OptimizerState / 8, eight.OptimizerState, 6);
        Assert.Equal(one.Activations, eight.Activations);
    }

    [Fact]
    public void A_paged_optimizer_moves_its_state_to_the_host()
    {
        var m = Estimator.Run(new EstimateOptions { Model = "Llama-3-8B", FinetuningType = "full", Precision = "pure-bf16", Optimizer = "paged-adamw-8bit" }).MemoryBreakdown;
        Assert.Equal(0, m.OptimizerState);
        Assert.Equal(2 * 8_030_261_248 / 1e9, m.HostOptimizerState, 6);
    }

    [Fact]
    public void Freezing_the_last_layers_keeps_activations_of_those_layers_only()
    {
        var freeze = Estimator.Run(new EstimateOptions { Model = "Llama-2-7B", FinetuningType = "freeze", FreezeTrainableLayers = 2 }).MemoryBreakdown;
        var full = Estimator.Run(new EstimateOptions { Model = "Llama-2-7B", FinetuningType = "full" }).MemoryBreakdown;
        Assert.InRange(freeze.ActivationsNoRecompute / full.ActivationsNoRecompute, 2.0 / 32 * 0.9, 2.0 / 32 * 1.3);
    }
}
