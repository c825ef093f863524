using SharpTune.Core.Checkpoints;
using SharpTune.Core.Generation;
using SharpTune.Core.Modeling;
using SharpTune.Core.Tests.Modeling;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Peft;

/// <summary>
/// Every adapter case in tests/Fixtures/hf (or $SHARPTUNE_HF_FIXTURES) loaded from the files PEFT 0.8.2 wrote gives
/// PEFT's logits, losses, generations, merged weights and training gradients within the fixture tolerances.
/// </summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "HfParity")]
public sealed class PeftParityTests(ITestOutputHelper output)
{
    const double LogitTol = 1e-4;

    public static IEnumerable<object[]> Cases() => PeftCase.AdapterCases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Logits_and_losses_match_peft(string name)
    {
        using var c = new HfCase(name);
        using var model = PeftCase.Load(c);
        using var _ = no_grad();
        long P = model.num_virtual_tokens;
        foreach (var key in new[] { "full", "rpad", "lpad", "no_mask_arg" })
        {
            string src = key == "no_mask_arg" ? "full" : key;
            string expectedKey = key == "no_mask_arg" ? "full.logits_no_mask_arg" : $"{key}.logits";
            if (!c.Has(expectedKey)) continue;
            var ids = c.T($"{src}.input_ids");
            var mask = key == "no_mask_arg" ? null : c.T($"{src}.attention_mask");
            var labels = c.Has($"{src}.labels") ? c.T($"{src}.labels") : ids;
            using var o = model.forward(new CausalLMInputs { input_ids = ids, attention_mask = mask, labels = labels });
            var expected = c.T(expectedKey);
            Assert.Equal(expected.shape, o.logits.shape);
            var cmpMask = mask is null ? null : cat([ones(ids.shape[0], expected.shape[1] - ids.shape[1], dtype: ScalarType.Int64), mask], 1);
            double err = HfCase.MaxAbsDiffMasked(o.logits, expected, cmpMask);
            string lossKey = key == "no_mask_arg" ? "full.loss_no_mask_arg" : $"{key}.loss";
            double lossErr = PeftCase.JsonNumber(c, lossKey) is { } l ? Math.Abs(o.loss!.item<float>() - l) : 0;
            output.WriteLine($"{name} {key}: P={P} max |Δlogit| = {err:E2}, |Δloss| = {lossErr:E2}");
            Assert.True(err <= LogitTol, $"{name} {key} logits differ by {err}");
            Assert.True(lossErr <= LogitTol, $"{name} {key} loss differs by {lossErr}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Disabled_adapter_gives_the_base_logits(string name)
    {
        using var c = new HfCase(name);
        if (!c.Has("full.logits_adapter_disabled")) return;
        using var model = PeftCase.Load(c);
        using var _ = no_grad();
        using (model.DisableAdapter())
        {
            using var o = model.forward(new CausalLMInputs { input_ids = c.T("full.input_ids"), attention_mask = c.T("full.attention_mask") });
            double err = HfCase.MaxAbsDiffMasked(o.logits, c.T("full.logits_adapter_disabled"), null);
            output.WriteLine($"{name} adapter disabled: max |Δlogit| = {err:E2}");
            Assert.True(err <= LogitTol, $"disabled logits differ by {err}");
        }
        using var on = model.forward(new CausalLMInputs { input_ids = c.T("full.input_ids"), attention_mask = c.T("full.attention_mask") });
        Assert.True(HfCase.MaxAbsDiffMasked(on.logits, c.T("full.logits"), null) <= LogitTol, "re-enabled adapter logits differ");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Merged_logits_and_saved_merged_weights_match_peft(string name)
    {
        using var c = new HfCase(name);
        if (!c.Has("merged.full.logits")) return;
        using var model = PeftCase.Load(c);
        using var tmp = TestPaths.NewTempDir();
        model.SaveMerged(tmp.Path);
        using var _ = no_grad();
        foreach (var key in new[] { "full", "rpad", "lpad" })
        {
            if (!c.Has($"merged.{key}.logits")) continue;
            var mask = c.T($"{key}.attention_mask");
            using var o = model.forward(new CausalLMInputs { input_ids = c.T($"{key}.input_ids"), attention_mask = mask });
            double err = HfCase.MaxAbsDiffMasked(o.logits, c.T($"merged.{key}.logits"), mask);
            output.WriteLine($"{name} merged {key}: max |Δlogit| = {err:E2}");
            Assert.True(err <= LogitTol, $"merged {key} logits differ by {err}");
        }
        string reference = Path.Combine(c.Dir, "merged_model");
        if (!Directory.Exists(reference)) return;
        using var mine = CheckpointStore.Open(tmp.Path);
        using var theirs = CheckpointStore.Open(reference);
        Assert.Equal(theirs.Names.Order(StringComparer.Ordinal), mine.Names.Order(StringComparer.Ordinal));
        double worst = 0;
        foreach (var n in theirs.Names)
        {
            double e = (mine.Read(n) - theirs.Read(n)).abs().max().item<float>();
            worst = Math.Max(worst, e);
            Assert.True(e <= 1e-5, $"merged weight {n} differs by {e}");
        }
        output.WriteLine($"{name} saved merged weights: max |Δw| = {worst:E2}");
        using var reloaded = ModelLoader.Load(tmp.Path);
        using var r = reloaded.forward(new CausalLMInputs { input_ids = c.T("full.input_ids") });
        Assert.True(HfCase.MaxAbsDiffMasked(r.logits, c.T("merged.full.logits"), null) <= LogitTol, "reloaded merged model logits differ");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Greedy_generation_with_the_adapter_matches_peft(string name)
    {
        using var c = new HfCase(name);
        using var model = PeftCase.Load(c);
        foreach (var input in new[] { "gen1", "genlpad" })
        foreach (var variant in new[] { "eos", "noeos" })
        {
            if (!c.Has($"{input}.{variant}.sequences")) continue;
            var options = new GenerationOptions { MaxNewTokens = 10, OutputScores = true, PadTokenId = 0, EosTokenIds = variant == "eos" ? [2] : [] };
            var r = TextGenerator.Generate(model, c.T($"{input}.input_ids"), c.T($"{input}.attention_mask"), options);
            Assert.Equal(c.T($"{input}.{variant}.sequences").data<long>().ToArray(), r.Sequences.SelectMany(s => s).ToArray());
            var scores = c.T($"{input}.{variant}.scores");                                  // (steps, B, V)
            double worst = 0;
            for (int s = 0; s < r.Scores!.Count; s++)
                worst = Math.Max(worst, HfCase.MaxAbsDiffMasked(tensor(r.Scores[s]), scores[s], null));
            output.WriteLine($"{name} {input}.{variant}: ids equal, max |Δscore| = {worst:E2}");
            Assert.True(worst <= LogitTol, $"{input}.{variant} scores differ by {worst}");
        }
    }
}
