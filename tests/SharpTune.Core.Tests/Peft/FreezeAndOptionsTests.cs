using SharpTune.Core.Checkpoints;
using SharpTune.Core.Peft;
using SharpTune.Core.Peft.Freeze;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Peft;

/// <summary>Freeze selection (LLaMA-Factory semantics), prompt init from text and a bf16 base with fp32 adapters.</summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class FreezeAndOptionsTests
{
    static List<string> Trainable(FinetuningOptions o)
    {
        using var m = PeftBuilder.Build(PeftCase.TinyBase, o);
        return m.TrainableParameters().Select(p => p.name).ToList();
    }

    [Fact]
    public void Positive_layers_train_the_last_layers_and_negative_the_first()
    {
        var last = Trainable(new() { FinetuningType = "freeze", FreezeTrainableLayers = 1 });
        Assert.All(last, n => Assert.Contains(".layers.1.", n));
        Assert.Equal(9, last.Count);                                                        // 7 linears + 2 norms
        var first = Trainable(new() { FinetuningType = "freeze", FreezeTrainableLayers = -1 });
        Assert.All(first, n => Assert.Contains(".layers.0.", n));
        Assert.Equal(9, first.Count);
        Assert.Equal(18, Trainable(new() { FinetuningType = "freeze", FreezeTrainableLayers = 5 }).Count);
    }

    [Fact]
    public void Trainable_and_extra_modules_select_by_module_name()
    {
        var names = Trainable(new() { FinetuningType = "freeze", FreezeTrainableLayers = 2, FreezeTrainableModules = "mlp", FreezeExtraModules = "embed_tokens,norm" });
        Assert.Equal(6 + 2, names.Count);
        Assert.Contains("base_model.model.model.embed_tokens.weight", names);
        Assert.Contains("base_model.model.model.norm.weight", names);
        Assert.DoesNotContain(names, n => n.Contains("layernorm") || n.Contains("self_attn"));
    }

    [Fact]
    public void Unknown_freeze_modules_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => Trainable(new() { FinetuningType = "freeze", FreezeTrainableModules = "attention" }));
        Assert.Contains("'attention'", e.Message);
        Assert.Contains("self_attn", e.Message);
        Assert.Contains("'head'", Assert.Throws<ArgumentException>(() => Trainable(new() { FinetuningType = "freeze", FreezeExtraModules = "head" })).Message);
    }

    [Fact]
    public void Full_tuning_trains_every_parameter()
    {
        using var m = PeftBuilder.Build(PeftCase.TinyBase, new FinetuningOptions { FinetuningType = "full" });
        var r = m.Report();
        Assert.Equal(r.Total, r.Trainable);
        Assert.Equal(1.0, r.Share);
    }

    [Fact]
    public void Prompt_tuning_init_text_copies_the_token_embeddings_repeated()
    {
        var o = new FinetuningOptions { FinetuningType = "prompt_tuning", NumVirtualTokens = 5, PromptTuningInitText = "abc" };
        using var m = PeftBuilder.Build(PeftCase.TinyBase, o, baseTokenize: _ => [11, 12]);
        var prompt = (SharpTune.Core.Peft.PromptTuning.PromptEmbedding)m.prompt_encoder!;
        var embed = m.base_model.model.embed_tokens.weight!;
        var expected = embed.index_select(0, tensor(new long[] { 11, 12, 11, 12, 11 }));
        Assert.True(PeftMethods.MaxDiff(prompt.embedding.weight!, expected) == 0);
        Assert.Equal("TEXT", m.Adapter!.PromptTuningInit);
        Assert.Throws<ArgumentException>(() => PeftBuilder.Build(PeftCase.TinyBase, o).Dispose());
    }

    [Fact]
    public void A_bf16_base_trains_fp32_adapters_and_stays_close_to_fp32()
    {
        var o = new FinetuningOptions { FinetuningType = "lora", LoraRank = 4, LoraTarget = "all", UseDora = true };
        using var bf = PeftBuilder.Build(PeftCase.TinyBase, o, dtype: ScalarType.BFloat16);
        Assert.Equal(ScalarType.BFloat16, bf.base_model.model.layers[0].self_attn.q_proj is SharpTune.Core.Peft.Lora.LoraLinear l ? l.weight.dtype : ScalarType.Float32);
        Assert.All(bf.TrainableParameters(), p => Assert.Equal(ScalarType.Float32, p.parameter.dtype));
        PeftMethods.Train(bf, 1);
        Assert.All(bf.TrainableParameters(), p => Assert.NotNull(p.parameter.grad));
        using var baseModel = ModelLoader.Load(PeftCase.TinyBase, ScalarType.BFloat16);
        using var fresh = PeftBuilder.Build(PeftCase.TinyBase, o, dtype: ScalarType.BFloat16);
        Assert.True(PeftMethods.MaxDiff(PeftMethods.Logits(fresh), PeftMethods.Logits(baseModel)) == 0, "a fresh DoRA on a bf16 base changes the logits");
    }

    [Fact]
    public void Create_new_adapter_merges_the_given_ones_and_starts_a_fresh_adapter()
    {
        using var c = new Modeling.HfCase("lora_llama_qv");
        var o = new FinetuningOptions { FinetuningType = "lora", LoraRank = 2, LoraTarget = "o_proj", CreateNewAdapter = true };
        using var m = PeftBuilder.Build(PeftCase.BaseDir(c), o, [PeftCase.AdapterDir(c)]);
        Assert.All(m.LoraLayers.Keys, k => Assert.EndsWith("o_proj", k));
        Assert.Equal(2, m.LoraLayers.Count);
        using var _ = no_grad();
        using var out1 = m.forward(new SharpTune.Core.Modeling.CausalLMInputs { input_ids = c.T("full.input_ids") });
        Assert.True(PeftMethods.MaxDiff(out1.logits, c.T("full.logits")) <= 1e-4, "fresh adapter on the merged base differs from the old adapter");
    }
}
