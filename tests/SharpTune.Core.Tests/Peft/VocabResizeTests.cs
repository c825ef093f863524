using SharpTune.Core.Checkpoints;
using SharpTune.Core.Peft;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Peft;

/// <summary>resize_vocab: new rows from the base tokenizer's pieces (or the noisy mean), trained and saved with the adapter.</summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class VocabResizeTests
{
    const int NewVocab = 330;

    static string? Text(int id) => id switch { 320 => "hello", 321 => "zzz", _ => null };
    static int[] BaseTokenize(string s) => s == "hello" ? [5, 7, 9] : [];

    [Fact]
    public void New_rows_are_the_mean_of_their_base_pieces_or_the_noisy_mean()
    {
        using var model = ModelLoader.Load(PeftCase.TinyBase);
        var oldEmbed = model.model.embed_tokens.weight!.detach().clone();
        var oldHead = ((TorchSharp.Modules.Linear)model.lm_head!).weight!.detach().clone();
        VocabResizer.Resize(model, NewVocab, Text, BaseTokenize);
        var embed = model.model.embed_tokens.weight!;
        var head = ((TorchSharp.Modules.Linear)model.lm_head!).weight!;
        Assert.Equal([NewVocab, 64L], embed.shape);
        Assert.Equal([NewVocab, 64L], head.shape);
        Assert.Equal(NewVocab, model.config.VocabSize);
        Assert.True(PeftMethods.MaxDiff(embed.narrow(0, 0, 320), oldEmbed) == 0, "existing rows changed");
        var pieces = tensor(new long[] { 5, 7, 9 });
        Assert.True(PeftMethods.MaxDiff(embed[320], oldEmbed.index_select(0, pieces).mean([0])) < 1e-6);
        Assert.True(PeftMethods.MaxDiff(head[320], oldHead.index_select(0, pieces).mean([0])) < 1e-6);
        var noisy = embed[321] - oldEmbed.mean([0]);                                          // fallback: mean + N(0, 1/H)
        double std = noisy.std().item<float>();
        Assert.InRange(std, 0.05, 0.25);
        Assert.True(PeftMethods.MaxDiff(embed[322], embed[321]) > 0, "noise rows are identical");
        using var o = model.forward(new SharpTune.Core.Modeling.CausalLMInputs { input_ids = tensor(new long[,] { { 1, 320, 329 } }) });
        Assert.Equal(NewVocab, o.logits.shape[2]);
    }

    [Fact]
    public void Growing_the_vocabulary_trains_and_saves_embeddings_with_the_adapter_and_merges()
    {
        using var tmp = TestPaths.NewTempDir();
        using var merged = TestPaths.NewTempDir();
        var options = new FinetuningOptions { FinetuningType = "lora", LoraRank = 2, LoraTarget = "q_proj", ResizeVocab = NewVocab };
        using var model = PeftBuilder.Build(PeftCase.TinyBase, options, baseTokenize: BaseTokenize, tokenText: Text);
        var trainable = model.TrainableParameters().Select(p => p.name).ToList();
        Assert.Contains("base_model.model.model.embed_tokens.weight", trainable);
        Assert.Contains("base_model.model.lm_head.weight", trainable);
        PeftMethods.Train(model);
        var logits = PeftMethods.Logits(model);
        Assert.Equal(NewVocab, logits.shape[2]);
        model.Save(tmp.Path);
        using (var r = SafetensorsReader.Open(Path.Combine(tmp.Path, "adapter_model.safetensors")))
            Assert.Equal([NewVocab, 64L], r.Entry("base_model.model.model.embed_tokens.weight").Shape);
        Assert.Contains("embed_tokens", AdapterConfig.Load(tmp.Path).ModulesToSave);

        using var loaded = PeftBuilder.Build(PeftCase.TinyBase, new FinetuningOptions(), [tmp.Path]); // vocab taken from the adapter
        Assert.True(PeftMethods.MaxDiff(PeftMethods.Logits(loaded), logits) <= 1e-5);
        loaded.SaveMerged(merged.Path);
        Assert.Equal(NewVocab, ModelConfigParser.Load(merged.Path).VocabSize);
        using var plain = ModelLoader.Load(merged.Path);
        Assert.True(PeftMethods.MaxDiff(PeftMethods.Logits(plain), logits) <= 1e-4);
    }

    [Fact]
    public void Merging_an_earlier_adapter_into_a_resized_base_works()
    {
        using var first = TestPaths.NewTempDir();
        using var second = TestPaths.NewTempDir();
        var options = new FinetuningOptions { FinetuningType = "lora", LoraRank = 2, LoraTarget = "v_proj", ResizeVocab = NewVocab };
        using (var a = PeftBuilder.Build(PeftCase.TinyBase, options)) { PeftMethods.Train(a); a.Save(first.Path); }
        using (var b = PeftBuilder.Build(PeftCase.TinyBase, options with { LoraTarget = "o_proj", Seed = 7 })) { PeftMethods.Train(b); b.Save(second.Path); }
        using var stacked = PeftBuilder.Build(PeftCase.TinyBase, new FinetuningOptions(), [first.Path, second.Path]);
        Assert.Equal(NewVocab, stacked.config.VocabSize);
        Assert.All(stacked.LoraLayers.Keys, k => Assert.EndsWith("o_proj", k));                 // the last adapter stays a live LoRA
        Assert.All(stacked.TrainableParameters(), p => Assert.True(p.name.Contains("o_proj.lora_") || p.name.Contains("embed_tokens") || p.name.Contains("lm_head"), p.name));
        using var reference = ModelLoader.Load(PeftCase.TinyBase);
        VocabResizer.Resize(reference, NewVocab);
        SharpTune.Core.Peft.Lora.LoraFileMerge.MergeInto(reference, first.Path);
        SharpTune.Core.Peft.Lora.LoraFileMerge.MergeInto(reference, second.Path);
        Assert.True(PeftMethods.MaxDiff(PeftMethods.Logits(stacked), PeftMethods.Logits(reference)) <= 1e-4);
    }
}
