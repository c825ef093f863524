using SharpTune.Core.Benchmarking;

namespace SharpTune.Core.Tests.Benchmarking;

[Collection(TorchCollection.Name)]
public sealed class BenchRunnerTests
{
    static BenchOptions Small(string mode, string dtype = "float32", string? baseDtype = null) => new()
    {
        Config = "tiny", Mode = mode, Dtype = dtype, BaseDtype = baseDtype, SeqLen = 16, Batch = 2, Steps = 2, Warmup = 1, PromptLen = 8, NewTokens = 3,
    };

    [Fact]
    public void Lora_training_reports_the_peers_keys_and_its_parameter_counts()
    {
        var r = BenchRunner.Run(Small("lora", "bfloat16"));
        foreach (var key in new[] { "tokens_per_s", "tokens_per_s_quiet_median", "gflops_per_s", "peak_rss_mb", "trainable_params", "total_params", "contention" })
            Assert.True(r.ContainsKey(key), key);
        // the peer's tiny model: 2 · 8192 · 256 (embedding, untied lm_head) + 4 layers · (2·256² + 2·256·128 + 3·256·688 + 2·256) + 256
        Assert.Equal(7_096_576L + 28_672L, (long)r["total_params"]!);
        Assert.Equal(4L * (8 * 256 + 256 * 8 + 8 * 256 + 128 * 8), (long)r["trainable_params"]!);   // r = 8 on q_proj, v_proj
        Assert.Equal("bfloat16", r["base_dtype"]);
        Assert.InRange((double)r["tokens_per_s"]!, 1e-3, 1e9);
        Assert.True(double.IsFinite((double)r["loss_first"]!));
        Assert.Equal(32, (int)r["tokens_per_step"]!);
        var cpu = (Dictionary<string, object?>)r["cpu_features"]!;                               // every figure names the machine it ran on
        foreach (var key in new[] { "model_name", "amx_bf16", "avx512_bf16", "avx512f", "avx2", "fma" }) Assert.True(cpu.ContainsKey(key), key);
        Assert.Equal(SharpTune.Core.Native.CpuFeatures.Current.Avx2, cpu["avx2"]);
    }

    [Fact]
    public void Full_training_counts_six_flops_per_matmul_parameter_and_generate_reports_decode_speed()
    {
        var full = BenchRunner.Run(Small("full"));
        Assert.Equal(6.0 * (long)full["flops_matmul_params_N"]!, (double)full["flops_per_token"]!);
        Assert.Equal(4.0 * 4 * 16 * 256 * 3, (double)full["attn_flops_per_token"]!);                // the peer's: 4·L·T·H, × 3 for training
        double ratio = ((double)full["flops_per_token"]! + (double)full["attn_flops_per_token"]!) / (double)full["flops_per_token"]!;
        Assert.Equal((double)full["gflops_per_s"]! * ratio, (double)full["gflops_per_s_with_attn"]!, 0.02 + 1e-3 * (double)full["gflops_per_s"]!);
        Assert.Equal(full["total_params"], full["trainable_params"]);
        Assert.Null(full["base_dtype"]);
        var gen = BenchRunner.Run(Small("generate"));
        Assert.InRange((double)gen["decode_tokens_per_s"]!, 1e-3, 1e9);
        Assert.Equal(0L, (long)gen["trainable_params"]!);
    }

    [Theory]
    [InlineData("lora", "bfloat16", "float32", "--base-dtype float32 with --dtype bfloat16")]
    [InlineData("full", "float32", "bfloat16", "--base-dtype is for --mode lora")]
    [InlineData("lora", "float16", null, "--dtype 'float16' is not one of float32, bfloat16")]
    [InlineData("train", "float32", null, "--mode 'train' is not one of full, lora, generate")]
    public void Flags_it_does_not_take_get_an_error_that_names_them(string mode, string dtype, string? baseDtype, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => BenchRunner.Run(Small(mode, dtype, baseDtype)));
        Assert.Contains(message, e.Message);
    }
}
