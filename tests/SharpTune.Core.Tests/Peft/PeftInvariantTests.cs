using SharpTune.Core.Checkpoints;
using SharpTune.Core.Peft;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Peft;

/// <summary>Invariants every fine-tuning method keeps on the tiny fixture base.</summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class PeftInvariantTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> All() => PeftMethods.Names();
    public static IEnumerable<object[]> InPlace() => PeftMethods.Names(m => !PeftMethods.All[m].FinetuningType.Contains("_tuning"));
    public static IEnumerable<object[]> Adapters() => PeftMethods.Names(PeftMethods.IsAdapter);
    public static IEnumerable<object[]> Lora() => PeftMethods.Names(PeftMethods.IsLora);

    [Theory]
    [MemberData(nameof(InPlace))]
    public void Fresh_method_leaves_base_logits_unchanged(string method)
    {
        using var baseModel = ModelLoader.Load(PeftCase.TinyBase);
        using var model = PeftMethods.Build(method);
        double d = PeftMethods.MaxDiff(PeftMethods.Logits(model), PeftMethods.Logits(baseModel));
        output.WriteLine($"{method}: max |Δlogit| fresh vs base = {d:E2}");
        Assert.True(d == 0, $"a fresh {method} changes the logits by {d}");
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Disabled_adapter_equals_the_base_model(string method)
    {
        using var baseModel = ModelLoader.Load(PeftCase.TinyBase);
        using var model = PeftMethods.Build(method);
        if (PeftMethods.IsAdapter(method)) PeftMethods.Train(model);
        using (model.DisableAdapter())
            Assert.True(PeftMethods.MaxDiff(PeftMethods.Logits(model), PeftMethods.Logits(baseModel)) == 0, method);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Only_the_intended_parameters_get_gradients(string method)
    {
        using var model = PeftMethods.Build(method);
        var (ids, mask) = PeftMethods.Batch();
        model.train();
        using var o = model.forward(new SharpTune.Core.Modeling.CausalLMInputs { input_ids = ids, attention_mask = mask, labels = ids.masked_fill(mask.eq(0), -100) });
        o.loss!.backward();
        var trainable = model.TrainableParameters().Select(p => p.name).ToList();
        Assert.NotEmpty(trainable);
        foreach (var (name, p) in model.named_parameters())
            Assert.True(p.requires_grad == p.grad is not null, $"{method}: {name} requires_grad {p.requires_grad} but grad {(p.grad is null ? "absent" : "present")}");
        Assert.True(model.TrainableParameters().Sum(p => p.parameter.grad!.abs().sum().item<float>()) > 0, $"{method}: all gradients are zero");
        Func<string, bool> intended = method switch
        {
            "lora_additional_target" => n => n.Contains(".lora_") || n.Contains("embed_tokens") || n.Contains("lm_head"),
            "prompt_tuning" or "prefix_tuning" or "prefix_projection" => n => n.StartsWith("prompt_encoder."),
            "adapter_houlsby" => n => n.Contains(".adapter_attn.") || n.Contains(".adapter_mlp."),
            "adapter_pfeiffer" => n => n.Contains(".adapter_mlp."),
            "full" => _ => true,
            "freeze" => n => n.Contains(".layers.1."),
            _ => n => n.Contains(".lora_"),
        };
        Assert.All(trainable, n => Assert.True(intended(n), $"{method}: {n} should not train"));
        int expectedCount = model.named_parameters().Count(p => intended(PeftModelName(p.name)));
        Assert.Equal(expectedCount, trainable.Count);
        output.WriteLine($"{method}: {trainable.Count} trainable tensors\n{model.Report()}");
    }

    static string PeftModelName(string n) => SharpTune.Core.Peft.PeftModel.PeftName(n);

    [Theory]
    [MemberData(nameof(All))]
    public void Save_then_load_reproduces_the_logits(string method)
    {
        using var tmp = TestPaths.NewTempDir();
        using var model = PeftMethods.Build(method);
        PeftMethods.Train(model);
        var before = PeftMethods.Logits(model);
        model.Save(tmp.Path);
        using var loaded = PeftMethods.IsAdapter(method)
            ? PeftMethods.Build(method, [tmp.Path])
            : PeftBuilder.Build(tmp.Path, PeftMethods.All[method]);
        double d = PeftMethods.MaxDiff(PeftMethods.Logits(loaded), before);
        output.WriteLine($"{method}: max |Δlogit| after save → load = {d:E2}");
        Assert.True(d <= 1e-5, $"{method}: reloaded logits differ by {d}");
        Assert.Equal(model.Method, loaded.Method);
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public void Save_load_save_is_byte_stable_and_uses_peft_keys(string method)
    {
        using var a = TestPaths.NewTempDir();
        using var b = TestPaths.NewTempDir();
        using var model = PeftMethods.Build(method);
        PeftMethods.Train(model, 1);
        model.Save(a.Path);
        using (var loaded = PeftMethods.Build(method, [a.Path])) loaded.Save(b.Path);
        foreach (var f in new[] { "adapter_config.json", "adapter_model.safetensors" })
            Assert.True(File.ReadAllBytes(Path.Combine(a.Path, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(b.Path, f))), $"{method}: {f} changed in a round trip");
        using var r = SafetensorsReader.Open(Path.Combine(a.Path, "adapter_model.safetensors"));
        var keys = r.Names.ToList();
        output.WriteLine($"{method}: {string.Join(", ", keys.Take(3))} …");
        if (PeftMethods.All[method].FinetuningType.Contains("_tuning")) Assert.Equal(["prompt_embeddings"], keys);
        else Assert.All(keys, k => Assert.StartsWith("base_model.model.", k));
        if (PeftMethods.IsLora(method))
        {
            Assert.Contains("base_model.model.model.layers.0.self_attn." + (method == "lora_additional_target" ? "o_proj" : "q_proj") + ".lora_A.weight", keys);
            Assert.Equal(method == "dora", keys.Any(k => k.EndsWith(".lora_magnitude_vector")));
        }
    }

    [Theory]
    [MemberData(nameof(Lora))]
    public void Merge_gives_the_adapter_forward_and_unmerge_restores_it(string method)
    {
        using var model = PeftMethods.Build(method);
        PeftMethods.Train(model);
        var adapter = PeftMethods.Logits(model);
        model.Merge();
        double merged = PeftMethods.MaxDiff(PeftMethods.Logits(model), adapter);
        model.Unmerge();
        double unmerged = PeftMethods.MaxDiff(PeftMethods.Logits(model), adapter);
        output.WriteLine($"{method}: max |Δlogit| merged = {merged:E2}, unmerged = {unmerged:E2}");
        Assert.True(merged <= 1e-4, $"merged logits differ by {merged}");
        Assert.True(unmerged <= 1e-4, $"unmerged logits differ by {unmerged}");
        using var tmp = TestPaths.NewTempDir();
        model.SaveMerged(tmp.Path);
        using var reloaded = ModelLoader.Load(tmp.Path);
        Assert.True(PeftMethods.MaxDiff(PeftMethods.Logits(reloaded), adapter) <= 1e-4, "saved merged model differs");
    }

    // One row at a time: a left-padded row legitimately differs from an unpadded recomputation under prompt / prefix
    // tuning (PEFT drops position_ids, so pads take positions); the fixtures check that case against PEFT.
    [Theory]
    [InlineData("prompt_tuning")]
    [InlineData("prefix_tuning")]
    [InlineData("dora")]
    public void Cached_greedy_generation_equals_recomputing_the_whole_sequence(string method)
    {
        using var model = PeftMethods.Build(method);
        PeftMethods.Train(model, 1);
        var prompts = new[] { new long[] { 1, 80, 129, 211 }, new long[] { 1, 170 } };
        using var _ = no_grad();
        for (int b = 0; b < prompts.Length; b++)
        {
            var r = SharpTune.Core.Generation.TextGenerator.Generate(model, [prompts[b]], new SharpTune.Core.Generation.GenerationOptions { MaxNewTokens = 5 });
            var seq = prompts[b].ToList();
            for (int step = 0; step < 5; step++)
            {
                using var o = model.forward(new SharpTune.Core.Modeling.CausalLMInputs { input_ids = tensor(seq.ToArray()).unsqueeze(0) });
                seq.Add(o.logits[0, -1].argmax().item<long>());
            }
            Assert.Equal(seq.Skip(prompts[b].Length), r.NewTokens[0]);
        }
        var batched = SharpTune.Core.Generation.TextGenerator.Generate(model, prompts, new SharpTune.Core.Generation.GenerationOptions { MaxNewTokens = 5 });
        var single = SharpTune.Core.Generation.TextGenerator.Generate(model, [prompts[0]], new SharpTune.Core.Generation.GenerationOptions { MaxNewTokens = 5 });
        Assert.Equal(single.NewTokens[0], batched.NewTokens[0]);                       // the unpadded row is unaffected by its neighbour
    }
}
