using SharpTune.Core.Benchmarking;
using SharpTune.Core.Checkpoints;
using SharpTune.Core.Peft;
using SharpTune.Core.Planning;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Planning;

[Collection(TorchCollection.Name)]
public sealed class ParameterCounterTests
{
    static ParameterCounts Count(string model, EstimateOptions? o = null) =>
        ParameterCounter.Count(ModelPresets.Resolve(model, out _), (o ?? new EstimateOptions()) with { Model = model });

    [Theory]
    [InlineData("Llama-2-7B", 6_738_415_616L)]
    [InlineData("llama-2-13b", 13_015_864_320L)]
    [InlineData("Llama-2-70B", 68_976_648_192L)]
    [InlineData("Llama-3-8B", 8_030_261_248L)]
    [InlineData("Llama-3.1-8B", 8_030_261_248L)]
    [InlineData("Llama-3-70B", 70_553_706_496L)]
    [InlineData("Mistral-7B", 7_241_732_096L)]
    [InlineData("Qwen2.5-0.5B", 494_032_768L)]
    [InlineData("Qwen2.5-1.5B", 1_543_714_304L)]
    [InlineData("Qwen2.5-7B", 7_615_616_512L)]
    [InlineData("Qwen2.5-14B", 14_770_033_664L)]
    [InlineData("Qwen2.5-32B", 32_763_876_352L)]
    [InlineData("Qwen2.5-72B", 72_706_203_648L)]
    [InlineData("7B", 6_738_415_616L)]
    public void Presets_have_their_configs_exact_parameter_totals(string model, long total) =>
        Assert.Equal(total, Count(model, new EstimateOptions { FinetuningType = "full" }).Total);

    [Fact]
    public void Lora_rank_8_counts_match_the_seed_command_and_all_linear_layers()
    {
        Assert.Equal(4_194_304, Count("Llama-2-7B", new EstimateOptions { LoraTarget = "q_proj,v_proj" }).Trainable);
        Assert.Equal(20_971_520, Count("Llama-3-8B", new EstimateOptions { LoraTarget = "all" }).Trainable);
    }

    [Fact]
    public void A_bare_size_gets_a_llama_like_shape_of_about_that_size()
    {
        foreach (double b in new[] { 1.0, 14, 30, 38, 175 })
        {
            var p = Count($"{b}B", new EstimateOptions { FinetuningType = "full" });
            Assert.InRange(p.Total / (b * 1e9), 0.9, 1.1);
        }
    }

    [Fact]
    public void The_bundled_config_counts_as_its_preset()
    {
        string dir = Path.Combine(TestPaths.RepoRoot, "examples", "models", "stories260K");
        var o = new EstimateOptions { FinetuningType = "full" };
        Assert.Equal(Count("stories260K", o).Total, ParameterCounter.Count(ModelPresets.Resolve(dir, out _), o).Total);
        static object Shape(ModelConfig c) => (c.ModelType, c.VocabSize, c.HiddenSize, c.IntermediateSize, c.NumHiddenLayers, c.NumAttentionHeads,
            c.NumKeyValueHeads, c.HeadDim, c.QkvBias, c.TieWordEmbeddings);
        Assert.Equal(Shape(ModelConfigParser.Load(dir)), Shape(ModelPresets.Resolve("stories260K", out _)));
    }

    public static TheoryData<string, string> Methods => new()
    {
        { "stories260K", "full" }, { "tiny", "full" }, { "small", "full" }, { "medium", "full" }, { "qwen-tiny", "full" },
        { "stories260K", "lora" }, { "tiny", "lora" }, { "qwen-tiny", "lora" }, { "tiny", "lora-qv-dora" }, { "tiny", "lora-head" },
        { "stories260K", "freeze" }, { "tiny", "freeze-first-mlp-extra" }, { "qwen-tiny", "freeze" },
        { "tiny", "prompt_tuning" }, { "tiny", "prefix_tuning" }, { "qwen-tiny", "prefix_tuning-projection" },
        { "tiny", "adapter" }, { "stories260K", "adapter-pfeiffer" },
    };

    /// <summary>Each case is built as a real SharpTune model (random weights, bf16 to keep it small) and its parameters counted.</summary>
    [Theory]
    [MemberData(nameof(Methods))]
    public void Counts_equal_those_of_the_model_SharpTune_builds(string model, string method)
    {
        var config = model == "qwen-tiny" ? QwenTiny : ModelPresets.Resolve(model, out _);
        var (ft, est) = Options(method);
        using var built = PeftBuilder.Build(config, ft, ScalarType.BFloat16);
        var report = ParameterReport.Of(built);
        var counted = ParameterCounter.Count(config, est);
        Assert.Equal(report.Total, counted.Total);
        Assert.Equal(report.Trainable, counted.Trainable);
    }

    static (FinetuningOptions, EstimateOptions) Options(string method) => method switch
    {
        "lora" => (new() { FinetuningType = "lora" }, new() { FinetuningType = "lora" }),
        "lora-qv-dora" => (new() { FinetuningType = "lora", LoraRank = 4, LoraTarget = "q_proj,v_proj", UseDora = true }, new() { FinetuningType = "lora", LoraRank = 4, LoraTarget = "q_proj,v_proj", UseDora = true }),
        "lora-head" => (new() { FinetuningType = "lora", LoraTarget = "down_proj,lm_head" }, new() { FinetuningType = "lora", LoraTarget = "down_proj,lm_head" }),
        "freeze" => (new() { FinetuningType = "freeze" }, new() { FinetuningType = "freeze" }),
        "freeze-first-mlp-extra" => (new() { FinetuningType = "freeze", FreezeTrainableLayers = -1, FreezeTrainableModules = "mlp,input_layernorm", FreezeExtraModules = "norm,lm_head" },
            new() { FinetuningType = "freeze", FreezeTrainableLayers = -1, FreezeTrainableModules = "mlp,input_layernorm", FreezeExtraModules = "norm,lm_head" }),
        "prompt_tuning" => (new() { FinetuningType = "prompt_tuning", NumVirtualTokens = 7 }, new() { FinetuningType = "prompt_tuning", NumVirtualTokens = 7 }),
        "prefix_tuning" => (new() { FinetuningType = "prefix_tuning" }, new() { FinetuningType = "prefix_tuning" }),
        "prefix_tuning-projection" => (new() { FinetuningType = "prefix_tuning", PrefixProjection = true, EncoderHiddenSize = 24 }, new() { FinetuningType = "prefix_tuning", PrefixProjection = true, EncoderHiddenSize = 24 }),
        "adapter" => (new() { FinetuningType = "adapter", AdapterSize = 16 }, new() { FinetuningType = "adapter", AdapterSize = 16 }),
        "adapter-pfeiffer" => (new() { FinetuningType = "adapter", AdapterType = "pfeiffer" }, new() { FinetuningType = "adapter", AdapterType = "pfeiffer" }),
        _ => (new() { FinetuningType = method }, new() { FinetuningType = method }),
    };

    /// <summary>A Qwen2-style config: q/k/v biases, tied embeddings, grouped-query attention, head_dim ≠ H / heads.</summary>
    static readonly ModelConfig QwenTiny = new()
    {
        ModelType = "qwen2", VocabSize = 300, HiddenSize = 48, IntermediateSize = 100, NumHiddenLayers = 3, NumAttentionHeads = 4,
        NumKeyValueHeads = 2, HeadDim = 16, QkvBias = true, TieWordEmbeddings = true,
    };
}
