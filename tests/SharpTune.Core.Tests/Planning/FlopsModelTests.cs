using SharpTune.Core.Planning;

namespace SharpTune.Core.Tests.Planning;

public sealed class FlopsModelTests
{
    static (double Total, ParameterCounts P) PerToken(EstimateOptions o)
    {
        var c = ModelPresets.Resolve(o.Model, out _);
        var p = ParameterCounter.Count(c, o);
        return (FlopsModel.Total(c, p, o), p);
    }

    [Fact]
    public void Full_training_is_six_flops_per_matmul_weight_plus_attention()
    {
        var o = new EstimateOptions { Model = "Llama-2-7B", FinetuningType = "full", CutoffLen = 1024 };
        var (total, p) = PerToken(o);
        // N = layer linears + lm_head = 6,738,415,616 − embed (131,072,000) − norms (65 · 4096); attention 12 · L · H · T
        Assert.Equal(6_738_415_616L - 131_072_000 - 65 * 4096, p.MatmulWeights);
        Assert.Equal(6.0 * p.MatmulWeights + 12.0 * 32 * 4096 * 1024, total, 0);
    }

    [Fact]
    public void Lora_is_four_flops_per_frozen_weight_plus_six_per_adapter_weight()
    {
        var o = new EstimateOptions { Model = "Llama-2-7B", FinetuningType = "lora", LoraTarget = "q_proj,v_proj", CutoffLen = 1024 };
        var (total, p) = PerToken(o);
        Assert.Equal(4.0 * p.MatmulWeights + 6.0 * 4_194_304 + 12.0 * 32 * 4096 * 1024, total, 0);
    }

    [Fact]
    public void Recomputation_adds_one_forward_of_the_layers()
    {
        var o = new EstimateOptions { Model = "Llama-2-7B", FinetuningType = "full", CutoffLen = 1024 };
        var (plain, p) = PerToken(o);
        var (recomputed, _) = PerToken(o with { GradientCheckpointing = true });
        Assert.Equal(2.0 * p.LayerLinear + 4.0 * 32 * 4096 * 1024, recomputed - plain, 0);
    }

    [Fact]
    public void Freezing_the_top_layers_stops_backward_below_them()
    {
        var full = PerToken(new EstimateOptions { Model = "Llama-2-7B", FinetuningType = "full" }).Total;
        var freeze = PerToken(new EstimateOptions { Model = "Llama-2-7B", FinetuningType = "freeze", FreezeTrainableLayers = 2 }).Total;
        var firstLayers = PerToken(new EstimateOptions { Model = "Llama-2-7B", FinetuningType = "freeze", FreezeTrainableLayers = -2 }).Total;
        Assert.InRange(freeze / full, 0.34, 0.4);                                                // ~2N forward + a little backward, of 6N
        Assert.True(firstLayers > freeze);                                                       // gradients flow down through every layer above
    }
}
