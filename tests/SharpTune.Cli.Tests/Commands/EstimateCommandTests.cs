using System.Text.Json;

namespace SharpTune.Cli.Tests.Commands;

[Collection("cli")]
public sealed class EstimateCommandTests
{
    static JsonElement Json(params string[] args)
    {
        var (exit, stdout, stderr) = CliRunner.Run(["estimate", .. args, "--json"]);
        Assert.True(exit == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    [Fact]
    public void Json_has_the_documented_keys_and_the_numbers_of_the_model()
    {
        var e = Json("--model", "Llama-2-7B", "--finetuning_type", "lora", "--lora_target", "q_proj,v_proj", "--hardware", "a100-80g", "--tokens", "3e8");
        foreach (var key in new[] { "total_params", "trainable_params", "memory_gb_per_device", "memory_breakdown", "fits", "train_flops", "hours", "device_hours", "cost_usd", "recommendation" })
            Assert.True(e.TryGetProperty(key, out _), key);
        Assert.Equal(6_738_415_616 + 4_194_304, e.GetProperty("total_params").GetInt64());
        Assert.Equal(4_194_304, e.GetProperty("trainable_params").GetInt64());
        Assert.True(e.GetProperty("fits").GetBoolean());
        foreach (var part in new[] { "weights", "gradients", "optimizer_state", "activations", "activations_no_recompute", "activations_recompute", "temporary", "framework_overhead" })
            Assert.True(e.GetProperty("memory_breakdown").TryGetProperty(part, out _), part);
    }

    [Fact]
    public void Compare_lists_every_method_for_one_model_and_device()
    {
        var all = Json("--model", "Qwen2.5-7B", "--hardware", "h100-80g", "--compare", "--tokens", "1e8");
        Assert.Equal(["full", "freeze", "lora", "qlora-8", "qlora-4", "prompt_tuning", "prefix_tuning", "adapter"],
            all.EnumerateArray().Select(x => x.GetProperty("method").GetString()));
    }

    [Fact]
    public void Days_give_the_implied_token_budget()
    {
        var r = Json("--model", "2.6B", "--finetuning_type", "full", "--hardware", "a100-80g", "--num_devices", "8", "--days", "9", "--mfu", "0.4");
        Assert.InRange(r.GetProperty("implied_tokens").GetDouble(), 44e9, 52e9);
        Assert.Contains("pre-training", r.GetProperty("reading").GetString());
    }

    [Fact]
    public void The_table_shows_the_breakdown_and_the_recommendation()
    {
        var (exit, stdout, stderr) = CliRunner.Run("estimate", "--model", "70B", "--finetuning_type", "full", "--hardware", "h100-80g", "--tokens", "1e9");
        Assert.True(exit == 0, stderr);
        Assert.Contains("optimizer state", stdout);
        Assert.Contains("does not fit", stdout);
        Assert.Contains("LoRA", stdout);
    }

    [Fact]
    public void The_cpu_entry_reads_the_profile_given()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sharptune-cpu-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"cpu\":\"test\",\"peak_fp32_gflops\":100,\"peak_bf16_gflops\":50,\"utilisation_fp32\":0.5,\"utilisation_bf16\":0.5,\"runtime_mb\":300,\"memory_gb\":8}");
        try
        {
            var e = Json("--model", "tiny", "--finetuning_type", "full", "--precision", "fp32", "--hardware", "cpu", "--cpu_profile", path, "--tokens", "1e6");
            Assert.Equal(8, e.GetProperty("device_memory_gb").GetDouble());
            Assert.Equal(0.3, e.GetProperty("memory_breakdown").GetProperty("framework_overhead").GetDouble(), 9);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("--hardware", "v100", "--hardware 'v100' is not one of a100-40g, a100-80g, h100-80g, h200, l40s, rtx4090, ascend-910b, tpu-v5e, cpu")]
    [InlineData("--model", "Llama-9-7B", "--model 'Llama-9-7B' is not a preset (")]
    [InlineData("--model", "-7B", "--model '-7B': a size must be positive")]
    [InlineData("--finetuning_type", "qlora", "--finetuning_type 'qlora' is not one of full, freeze, lora, prompt_tuning, prefix_tuning, adapter")]
    [InlineData("--precision", "fp16", "--precision 'fp16' is not one of fp32, amp-bf16, pure-bf16")]
    [InlineData("--optimizer", "lion", "--optimizer 'lion' is not one of adamw, adamw-8bit, paged-adamw-8bit, sgd")]
    [InlineData("--per_device_train_batch_size", "-1", "--per_device_train_batch_size must be a positive integer, got -1")]
    [InlineData("--cutoff_len", "0", "--cutoff_len must be a positive integer, got 0")]
    [InlineData("--tokens", "-1e9", "--tokens must be a non-negative number, got -1000000000")]
    [InlineData("--num_devices", "0", "--num_devices must be a positive integer, got 0")]
    [InlineData("--mfu", "2", "--mfu 2 must be in (0, 1]")]
    [InlineData("--quantization_bit", "3", "--quantization_bit 3 is not one of 4, 8")]
    [InlineData("--lora_target", "qkv", "--lora_target 'qkv' is not one of all, q_proj")]
    [InlineData("--days", "-2", "--days must be a positive number, got -2")]
    public void Bad_input_is_one_sentence_naming_the_flag_and_accepted_values(string flag, string value, string message)
    {
        var (exit, stdout, stderr) = CliRunner.Run("estimate", flag, value);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: " + message, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("full", "--quantization_bit", "4", "--quantization_bit applies to --finetuning_type lora (QLoRA), not full")]
    [InlineData("full", "--lora_rank", "16", "--lora_rank applies to --finetuning_type lora, not full")]
    [InlineData("lora", "--adapter_size", "16", "--adapter_size applies to --finetuning_type adapter, not lora")]
    [InlineData("lora", "--freeze_trainable_layers", "4", "--freeze_trainable_layers applies to --finetuning_type freeze, not lora")]
    public void An_option_of_another_method_is_refused(string method, string flag, string value, string message)
    {
        var (exit, _, stderr) = CliRunner.Run("estimate", "--finetuning_type", method, flag, value);
        Assert.Equal(1, exit);
        Assert.Equal("error: " + message, stderr.Trim());
    }
}
