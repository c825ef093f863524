using System.Text.Json.Nodes;
using SharpTune.Core.Checkpoints;
using SharpTune.Core.Configuration;
using SharpTune.Core.Evaluation;
using SharpTune.Core.Modeling;
using SharpTune.Core.Training;
using SharpTune.Text.Curation;
using SharpTune.Text.Curation.Scoring;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Evaluation;

[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class ModelDataScorerTests
{
    static readonly string Base = Path.Combine(TestPaths.RepoRoot, "examples", "models", "sharptune-base");
    static readonly string Stories = Path.Combine(TestPaths.RepoRoot, "examples", "models", "stories260K");
    static readonly RecordFormat Alpaca = new() { Kind = RecordKind.Alpaca };

    static CurationRecord Record(string first, string second) => new(1, "{}", first, second, "", null);

    static ModelDataScorer Load(string dir, int batchSize = 3, string template = "alpaca") =>
        ModelDataScorer.Load(new ModelArguments { ModelNameOrPath = dir, Template = template, Dtype = "float32" }, cutoffLen: 1024, batchSize);

    [Fact]
    public void Side_losses_and_ifd_equal_transformers_on_the_bundled_base_model()
    {
        var golden = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Fixtures", "perplexity", "sharptune_base_losses.json")))!;
        var strings = golden["strings"]!.AsArray();
        var pairs = golden["pairs"]!.AsArray();
        var records = strings.Select((s, i) => Record(s!["text"]!.GetValue<string>(), strings[(i + 1) % strings.Count]!["text"]!.GetValue<string>()))
            .Concat(pairs.Select(p => Record(p!["instruction"]!.GetValue<string>(), p["response"]!.GetValue<string>()))).ToList();
        using var scorer = Load(Base);
        var losses = new ModelLosses[records.Count];
        scorer.Measure(records, Alpaca, losses);
        // float32 forwards of up to 60 tokens in PyTorch and libtorch with different GEMM blockings: 1e-4 relative.
        for (int i = 0; i < strings.Count; i++)
        {
            Assert.Equal(strings[i]!["input_ids"]!.AsArray().Select(x => x!.GetValue<int>()), scorer.Alone(strings[i]!["text"]!.GetValue<string>()).InputIds);
            Tolerance.Close(strings[i]!["loss"]!.GetValue<double>(), losses[i].FirstAlone, 1e-4, $"loss of string {i}");
            Tolerance.Close(strings[i]!["perplexity"]!.GetValue<double>(), ModelScorers.Perplexity(losses[i].FirstAlone), 5e-4, $"perplexity of string {i}");
        }
        for (int p = 0; p < pairs.Count; p++)
        {
            var l = losses[strings.Count + p];
            var prompt = pairs[p]!["prompt_ids"]!.AsArray().Select(x => x!.GetValue<int>()).ToArray();
            var conditioned = scorer.Conditioned(pairs[p]!["instruction"]!.GetValue<string>(), pairs[p]!["response"]!.GetValue<string>());
            Assert.Equal(prompt, conditioned.InputIds.Take(prompt.Length));
            Tolerance.Close(pairs[p]!["conditioned_loss"]!.GetValue<double>(), l.SecondGivenFirst, 1e-4, $"conditioned loss of pair {p}");
            Tolerance.Close(pairs[p]!["alone_loss"]!.GetValue<double>(), l.SecondAlone, 1e-4, $"alone loss of pair {p}");
            Tolerance.Close(pairs[p]!["ifd"]!.GetValue<double>(), ModelScorers.InstructionFollowingDifficulty(l.SecondGivenFirst, l.SecondAlone), 2e-4, $"IFD of pair {p}");
            Assert.True(double.IsNaN(l.FirstGivenSecond));
        }
    }

    [Fact]
    public void Per_example_losses_equal_unbatched_forwards_whatever_the_batch()
    {
        using var scorer = Load(Stories);
        string[] texts = ["Once upon a time", "Lily had a big red ball and she liked to play with it in the park every day.", "The dog ran.", "Tom said hi to his mom.", "", "She was happy because the sun was out and the birds sang."];
        var examples = texts.Select(scorer.Alone).Append(scorer.Conditioned("Tell a story", "Tom saw a cat.")).ToList();
        using var model = ModelLoader.Load(Stories, ScalarType.Float32);
        var direct = examples.Select(e => DirectLoss(model, e)).ToArray();
        Assert.True(double.IsNaN(direct[4]), "BOS alone has nothing to predict");
        foreach (int batch in new[] { 1, 2, 4, 7 })
        {
            var batched = Perplexity.PerExample(model, examples, batch, padId: 0);
            for (int i = 0; i < examples.Count; i++)
                if (double.IsNaN(direct[i])) Assert.True(double.IsNaN(batched[i]), $"example {i} has no loss");
                else Tolerance.Close(direct[i], batched[i], 1e-4, $"example {i} in batches of {batch}");   // padded GEMMs differ in the last bits
        }
        var reversed = Perplexity.PerExample(model, [.. Enumerable.Reverse(examples)], 3, padId: 0);
        for (int i = 0; i < examples.Count; i++)
            if (!double.IsNaN(direct[i])) Tolerance.Close(direct[i], reversed[examples.Count - 1 - i], 1e-4, $"example {i} in reversed order");
    }

    [Fact]
    public void A_swapped_response_has_a_higher_ifd_than_its_aligned_one_after_a_short_overfit()
    {
        (string Instruction, string Response)[] pairs =
        [
            ("Lily saw a cat", "The cat was big and it had soft fur."),
            ("Tom had a ball", "He threw the ball to his dog in the park."),
            ("The sun was hot", "They went to the sea to swim and play."),
            ("Mom made a cake", "It was sweet and everyone ate a piece."),
        ];
        string dir = Path.Combine(Path.GetTempPath(), "sharptune-ifd-" + Guid.NewGuid().ToString("N"));
        try
        {
            List<TokenizedExample> train;
            using (var original = Load(Stories, template: "default")) train = [.. pairs.Select(p => original.Conditioned(p.Instruction, p.Response))];
            manual_seed(5);
            int threads = get_num_threads();
            set_num_threads(1);                                  // 40 tiny steps: a second thread only waits on a busy machine
            try
            {
                using (var model = ModelLoader.Load(Stories, ScalarType.Float32))
                {
                    using var optimizer = optim.Adam(model.parameters(), lr: 1e-2);
                    for (int step = 0; step < 40; step++)
                    {
                        using var scope = NewDisposeScope();
                        using var batch = Collator.Collate(train, 0, CPU);
                        var logits = model.forward(new CausalLMInputs { input_ids = batch.InputIds, attention_mask = batch.AttentionMask }).logits;
                        long T = logits.shape[1];
                        var loss = nn.functional.cross_entropy(logits.narrow(1, 0, T - 1).reshape(-1, logits.shape[2]), batch.Labels.narrow(1, 1, T - 1).reshape(-1), ignore_index: -100);
                        optimizer.zero_grad();
                        loss.backward();
                        optimizer.step();
                    }
                    ModelLoader.Save(model, dir);
                }
            }
            finally { set_num_threads(threads); }
            foreach (var f in new[] { "tokenizer.json", "tokenizer_config.json" }) File.Copy(Path.Combine(Stories, f), Path.Combine(dir, f));
            using var scorer = Load(dir, batchSize: 4, template: "default");
            var aligned = new ModelLosses[pairs.Length];
            var swapped = new ModelLosses[pairs.Length];
            scorer.Measure([.. pairs.Select(p => Record(p.Instruction, p.Response))], Alpaca, aligned);
            scorer.Measure([.. pairs.Select((p, i) => Record(p.Instruction, pairs[(i + 1) % pairs.Length].Response))], Alpaca, swapped);
            for (int i = 0; i < pairs.Length; i++)
            {
                double a = ModelScorers.InstructionFollowingDifficulty(aligned[i].SecondGivenFirst, aligned[i].SecondAlone);
                double s = ModelScorers.InstructionFollowingDifficulty(swapped[i].SecondGivenFirst, swapped[i].SecondAlone);
                Assert.True(a < 1, $"aligned pair {i}: IFD {a} should be below 1 after training on it");
                Assert.True(s > a, $"pair {i}: swapped IFD {s} should exceed aligned IFD {a}");
            }
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void An_adapter_on_the_model_changes_what_it_measures()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sharptune-scorer-lora-" + Guid.NewGuid().ToString("N"));
        try
        {
            SharpTune.Core.Tests.Export.ExportModels.StoriesLora(dir);
            CurationRecord[] records = [Record("Lily saw a cat", "The cat was big."), Record("Tom had a ball", "He threw it.")];
            var plain = new ModelLosses[2];
            var adapted = new ModelLosses[2];
            using (var scorer = Load(Stories)) scorer.Measure(records, new RecordFormat(), plain);
            using (var scorer = ModelDataScorer.Load(new ModelArguments { ModelNameOrPath = Stories, AdapterNameOrPath = [dir], Template = "alpaca", Dtype = "float32" }, 1024, 2))
                scorer.Measure(records, new RecordFormat(), adapted);
            for (int i = 0; i < 2; i++)
            {
                Assert.NotEqual(plain[i].SecondGivenFirst, adapted[i].SecondGivenFirst);
                Assert.False(double.IsNaN(adapted[i].FirstGivenSecond), "pairs are measured in both directions");
            }
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    /// <summary>The mean next-token cross-entropy of one example in a forward of its own (no padding, no mask).</summary>
    static double DirectLoss(ICausalLM model, TokenizedExample e)
    {
        if (e.Length < 2 || e.LearnedTokens == 0) return double.NaN;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var logits = model.forward(new CausalLMInputs { input_ids = tensor(e.InputIds.Select(x => (long)x).ToArray()).unsqueeze(0) }).logits[0];
        var logp = nn.functional.log_softmax(logits.to_type(ScalarType.Float64), 1);
        double sum = 0;
        int n = 0;
        for (int t = 1; t < e.Length; t++)
        {
            int label = e.Label(t);
            if (label == TokenizedExample.IgnoreIndex) continue;
            sum -= logp[t - 1, label].item<double>();
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }
}
