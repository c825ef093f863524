using SharpTune.Core.Planning;

namespace SharpTune.Core.Tests.Planning;

public sealed class EstimateOptionsTests
{
    public static TheoryData<string, string> Bad => new()
    {
        { "finetuning_type", "--finetuning_type 'qlora' is not one of full, freeze, lora, prompt_tuning, prefix_tuning, adapter" },
        { "precision", "--precision 'fp16' is not one of fp32, amp-bf16, pure-bf16" },
        { "optimizer", "--optimizer 'lion' is not one of adamw, adamw-8bit, paged-adamw-8bit, sgd" },
        { "quantization_bit", "--quantization_bit 2 is not one of 4, 8" },
        { "quantization_full", "--quantization_bit applies to --finetuning_type lora (QLoRA), not full" },
        { "lora_rank_on_full", "--lora_rank applies to --finetuning_type lora, not full" },
        { "freeze_layers_on_lora", "--freeze_trainable_layers applies to --finetuning_type freeze, not lora" },
        { "virtual_tokens_on_lora", "--num_virtual_tokens applies to --finetuning_type prompt_tuning or prefix_tuning, not lora" },
        { "lora_target", "--lora_target 'qkv' is not one of all, q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, lm_head" },
        { "batch", "--per_device_train_batch_size must be a positive integer, got -2" },
        { "cutoff", "--cutoff_len must be a positive integer, got 0" },
        { "tokens", "--tokens must be a non-negative number, got -5" },
        { "mfu", "--mfu 1.5 must be in (0, 1] (a share of the device's peak, e.g. 0.4)" },
        { "zero", "--zero_stage 4 is not one of 0, 1, 2, 3" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Bad_input_is_one_sentence_naming_the_flag_and_what_it_accepts(string which, string message)
    {
        var o = which switch
        {
            "finetuning_type" => new EstimateOptions { FinetuningType = "qlora" },
            "precision" => new EstimateOptions { Precision = "fp16" },
            "optimizer" => new EstimateOptions { Optimizer = "lion" },
            "quantization_bit" => new EstimateOptions { QuantizationBit = 2 },
            "quantization_full" => new EstimateOptions { FinetuningType = "full", QuantizationBit = 4 },
            "lora_rank_on_full" => new EstimateOptions { FinetuningType = "full", LoraRank = 16 },
            "freeze_layers_on_lora" => new EstimateOptions { FreezeTrainableLayers = 4 },
            "virtual_tokens_on_lora" => new EstimateOptions { NumVirtualTokens = 4 },
            "lora_target" => new EstimateOptions { LoraTarget = "qkv" },
            "batch" => new EstimateOptions { PerDeviceTrainBatchSize = -2 },
            "cutoff" => new EstimateOptions { CutoffLen = 0 },
            "tokens" => new EstimateOptions { Tokens = -5 },
            "mfu" => new EstimateOptions { Mfu = 1.5 },
            _ => new EstimateOptions { ZeroStage = 4 },
        };
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => o.Validate()).Message);
    }

    [Theory]
    [InlineData("--model 'Llama-9-7B' is not a preset (")]
    [InlineData("--model '-7B': a size must be positive (e.g. 7B)")]
    public void An_unknown_model_names_the_presets_and_a_negative_size_is_refused(string start)
    {
        string model = start.Split('\'')[1];
        Assert.StartsWith(start, Assert.Throws<ArgumentException>(() => ModelPresets.Resolve(model, out _)).Message);
    }

    [Fact]
    public void An_unknown_device_names_the_catalogue()
    {
        var e = Assert.Throws<ArgumentException>(() => HardwareCatalog.Get("v100"));
        Assert.Equal("--hardware 'v100' is not one of a100-40g, a100-80g, h100-80g, h200, l40s, rtx4090, ascend-910b, tpu-v5e, cpu", e.Message);
    }

    [Fact]
    public void Freeze_modules_that_a_layer_does_not_have_are_named()
    {
        var o = new EstimateOptions { FinetuningType = "freeze", FreezeTrainableModules = "attention" };
        var e = Assert.Throws<ArgumentException>(() => Estimator.Run(o));
        Assert.Equal("--freeze_trainable_modules 'attention' is not one of all, input_layernorm, mlp, post_attention_layernorm, self_attn", e.Message);
    }
}
