using SharpTune.Core.Checkpoints;
using SharpTune.Core.Generation;
using SharpTune.Core.Modeling;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

/// <summary>
/// Logits, losses, hidden states and greedy generations of every base-model case in tests/Fixtures/hf
/// (or $SHARPTUNE_HF_FIXTURES) equal those of Hugging Face transformers within the fixture tolerances.
/// </summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "HfParity")]
public sealed class HfParityTests(ITestOutputHelper output)
{
    const double LogitTol = 1e-4;

    public static IEnumerable<object[]> Cases() => HfCase.BaseCases();

    static LlamaForCausalLM LoadModel(HfCase c, bool eager = false)
    {
        var m = ModelLoader.Load(Path.Combine(c.Dir, "model"));
        m.eager_attention = eager;
        return m;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Logits_and_losses_match_transformers_for_every_input(string name)
    {
        using var c = new HfCase(name);
        foreach (bool eager in new[] { false, true })
        {
            using var model = LoadModel(c, eager);
            using var _ = no_grad();
            foreach (var key in new[] { "full", "rpad", "lpad", "lpad_pos" })
            {
                string src = key == "lpad_pos" ? "lpad" : key;
                var ids = c.T($"{src}.input_ids");
                var mask = c.T($"{src}.attention_mask");
                var labels = c.Has($"{src}.labels") ? c.T($"{src}.labels") : ids;
                using var o = model.forward(new CausalLMInputs
                {
                    input_ids = ids, attention_mask = mask, labels = labels,
                    position_ids = key == "lpad_pos" ? c.T("lpad_pos.position_ids") : null,
                });
                double logitErr = HfCase.MaxAbsDiffMasked(o.logits, c.T($"{key}.logits"), mask);
                double lossErr = Math.Abs(o.loss!.item<float>() - c.T($"{key}.loss").item<float>());
                output.WriteLine($"{name} {(eager ? "eager" : "sdpa")} {key}: max |Δlogit| = {logitErr:E2}, |Δloss| = {lossErr:E2}");
                Assert.True(logitErr <= LogitTol, $"{name} {key} logits differ by {logitErr}");
                Assert.True(lossErr <= LogitTol, $"{name} {key} loss differs by {lossErr}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_without_a_mask_and_hidden_states_match(string name)
    {
        using var c = new HfCase(name);
        using var model = LoadModel(c);
        using var _ = no_grad();
        using var o = model.forward(new CausalLMInputs { input_ids = c.T("full.input_ids"), output_hidden_states = true });
        double err = HfCase.MaxAbsDiffMasked(o.logits, c.T("full.logits_no_mask_arg"), null);
        Assert.True(err <= LogitTol, $"no-mask logits differ by {err}");
        var expected = c.T("full.hidden_states");                                          // (L+1, B, T, H)
        Assert.Equal(expected.shape[0], o.hidden_states!.Count);
        for (int i = 0; i < o.hidden_states.Count; i++)
        {
            double e = HfCase.MaxAbsDiffMasked(o.hidden_states[i], expected[i], null);
            Assert.True(e <= LogitTol, $"hidden state {i} differs by {e}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Greedy_generation_matches_transformers_with_and_without_eos(string name)
    {
        using var c = new HfCase(name);
        using var model = LoadModel(c);
        foreach (var input in new[] { "gen1", "genlpad" })
        foreach (var variant in new[] { "eos", "noeos" })
        {
            var options = new GenerationOptions
            {
                MaxNewTokens = 10, OutputScores = true, PadTokenId = 0,
                EosTokenIds = variant == "eos" ? [2] : [],
            };
            var r = TextGenerator.Generate(model, c.T($"{input}.input_ids"), c.T($"{input}.attention_mask"), options);
            var expected = c.T($"{input}.{variant}.sequences");
            var exp = expected.data<long>().ToArray();
            var got = r.Sequences.SelectMany(s => s).ToArray();
            Assert.Equal(exp, got);
            var scores = c.T($"{input}.{variant}.scores");                               // (steps, B, V)
            for (int s = 0; s < r.Scores!.Count; s++)
            {
                var mine = tensor(r.Scores[s]);
                double e = HfCase.MaxAbsDiffMasked(mine, scores[s], null);
                Assert.True(e <= LogitTol, $"{input}.{variant} step {s} scores differ by {e}");
            }
            output.WriteLine($"{name} {input}.{variant}: {r.Scores.Count} steps, ids equal");
        }
    }
}
