using SharpTune.Core.Checkpoints;
using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

/// <summary>Fresh weights as transformers' LlamaPreTrainedModel._init_weights makes them.</summary>
[Collection(TorchCollection.Name)]
public sealed class WeightInitTests
{
    static LlamaForCausalLM Fresh(long seed, int? pad = null)
    {
        var config = ModelConfigParser.Load(Path.Combine(TestPaths.HfFixtures, "qwen2_untied", "model")) with { PadTokenId = pad };
        var model = new LlamaForCausalLM(config, ScalarType.Float32);
        WeightInit.init_weights(model, seed);
        return model;
    }

    [Fact]
    public void Matrices_are_normal_with_the_initializer_range_biases_zero_and_norms_one()
    {
        using var model = Fresh(42);
        foreach (var (name, p) in model.named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal)) Assert.Equal(0.0, p.abs().max().item<float>());
            else if (p.dim() == 1) Assert.Equal(1.0, p.min().item<float>());
            else
            {
                // thousands of draws: the sample std is within a few percent of 0.02, the mean near 0
                Assert.InRange(p.std().item<float>(), 0.018, 0.022);
                Assert.InRange(p.mean().item<float>(), -0.002, 0.002);
            }
        }
    }

    [Fact]
    public void The_padding_row_is_zero_and_the_same_seed_gives_the_same_weights()
    {
        using var a = Fresh(3, pad: 5);
        using var b = Fresh(3, pad: 5);
        using var c = Fresh(4, pad: 5);
        using var row = a.model.embed_tokens.weight![5];
        Assert.Equal(0.0, row.abs().max().item<float>());
        foreach (var ((name, pa), (_, pb), (_, pc)) in a.named_parameters().Zip(b.named_parameters(), c.named_parameters()))
        {
            Assert.True(pa.equal(pb).all().item<bool>(), name);
            if (pa.dim() == 2) Assert.False(pa.equal(pc).all().item<bool>(), name);
        }
    }
}
