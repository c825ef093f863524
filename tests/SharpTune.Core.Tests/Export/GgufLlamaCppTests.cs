using System.Text.Json.Nodes;
using SharpTune.Core.Checkpoints;
using SharpTune.Core.Configuration;
using SharpTune.Core.Export;
using SharpTune.Core.Peft;
using SharpTune.Core.Tests.Checkpoints.Gguf;
using SharpTune.Text.Tokenization;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Export;

/// <summary>
/// GGUF files SharpTune writes, loaded by llama.cpp (LLamaSharp 0.30.0, in a child process), tokenize and greedy-decode
/// exactly as SharpTune does: the bundled SentencePiece-style stories260K, a LoRA of it (merged, and as a GGUF LoRA on
/// the base GGUF), and a byte-level BPE Qwen2.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class GgufLlamaCppTests(ITestOutputHelper output)
{
    const int NewTokens = 32;
    const string Prompt = "Once upon a time, there was a little girl named Lily. She loved to play";
    static readonly string[] Texts = ["Once upon a time", "The cat sat on the mat.", "Tom and Sue were friends,  they   played!", "numbers 12345 and ünïcödé 猫"];
    const string HeldOut = "One day, a little boy named Tim went to the park with his mom. He saw a big red ball under a tree. "
        + "Tim ran to the ball and kicked it. The ball went up high and fell in the pond. Tim was sad, but his mom helped him get it back. "
        + "They laughed and went home happy.";

    static string ExportGguf(string baseDir, string dir, string quantization, IReadOnlyList<string>? adapters = null, string format = "gguf")
    {
        var r = ModelExporter.Run(new ModelArguments { ModelNameOrPath = baseDir, AdapterNameOrPath = adapters ?? [] },
            new ExportArguments { ExportDir = dir, ExportFormat = format, ExportQuantization = quantization });
        return Path.Combine(dir, r.Files.First(f => f.Name.EndsWith(".gguf", StringComparison.Ordinal)).Name);
    }

    static JsonObject Probe(string gguf, IReadOnlyList<int>? prompt = null, string? lora = null, IReadOnlyList<int>? evalIds = null, IEnumerable<string>? texts = null)
    {
        var req = new JsonObject { ["model"] = gguf, ["max_new_tokens"] = NewTokens };
        if (lora != null) req["lora"] = lora;
        if (prompt != null) req["prompt_ids"] = new JsonArray(prompt.Select(i => (JsonNode)i).ToArray());
        if (evalIds != null) req["eval_ids"] = new JsonArray(evalIds.Select(i => (JsonNode)i).ToArray());
        if (texts != null) req["texts"] = new JsonArray(texts.Select(t => (JsonNode)t).ToArray());
        return GgufProbe.Run(req);
    }

    static double MaxRelDiff(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max() / Math.Max(1e-6, a.Max(Math.Abs));

    [Theory]
    [InlineData("f32", 2e-3)]    // float32 on both sides, f32 KV cache; measured 4.7e-4 on AVX2: ggml's own exp / SiLU / RoPE and summation order
    [InlineData("f16", 2e-2)]    // half-precision weights and, in ggml's dot products, half-precision activations
    public void Bundled_model_as_gguf_greedy_decodes_like_sharptune(string quantization, double logitTol)
    {
        using var tmp = TestPaths.NewTempDir();
        string gguf = ExportGguf(ExportModels.Stories, tmp.Path, quantization);
        var tok = Tokenizer.Load(ExportModels.Stories);
        var prompt = tok.Encode(Prompt).Ids;
        using var model = ModelLoader.Load(ExportModels.Stories, ScalarType.Float32);
        var ours = ExportModels.Greedy(model, prompt, NewTokens);
        var theirs = Probe(gguf, prompt, texts: Texts);
        var generated = GgufProbe.Ints(theirs["generated"]);
        double diff = MaxRelDiff(ExportModels.LastLogits(model, prompt), theirs["first_logits"]!.AsArray().Select(x => x!.GetValue<float>()).ToArray());
        output.WriteLine($"{quantization}: first-step logits max |Δ| / max |logit| = {diff:E2}; ours {tok.Decode(ours)} | llama.cpp {tok.Decode(generated)}");
        Assert.Equal(ours, generated);
        Assert.True(diff <= logitTol, $"first-step logits differ by {diff:E2} (relative)");
        var tokenized = theirs["tokenized"]!.AsArray();
        for (int i = 0; i < Texts.Length; i++) Assert.Equal(tok.Encode(Texts[i], addSpecialTokens: false).Ids, GgufProbe.Ints(tokenized[i]));
    }

    [Fact]
    public void Q8_0_agrees_on_the_first_tokens_and_its_perplexity_is_within_1_percent_of_f16()
    {
        using var f16Dir = TestPaths.NewTempDir();
        using var q8Dir = TestPaths.NewTempDir();
        var tok = Tokenizer.Load(ExportModels.Stories);
        var prompt = tok.Encode(Prompt).Ids;
        var heldOut = tok.Encode(HeldOut).Ids;
        var f16 = Probe(ExportGguf(ExportModels.Stories, f16Dir.Path, "f16"), prompt, evalIds: heldOut);
        var q8 = Probe(ExportGguf(ExportModels.Stories, q8Dir.Path, "q8_0"), prompt, evalIds: heldOut);
        double Ppl(JsonObject r) => Math.Exp(r["nll"]!.GetValue<double>() / r["eval_tokens"]!.GetValue<int>());
        var a = GgufProbe.Ints(f16["generated"]);
        var b = GgufProbe.Ints(q8["generated"]);
        int agree = a.Zip(b).TakeWhile(p => p.First == p.Second).Count();
        double rel = Math.Abs(Ppl(q8) - Ppl(f16)) / Ppl(f16);
        output.WriteLine($"perplexity on {heldOut.Count} held-out tokens: f16 {Ppl(f16):F4}, q8_0 {Ppl(q8):F4} ({rel:P3}); greedy tokens agree for {agree} of {NewTokens}");
        Assert.True(agree >= 8, $"q8_0 diverges from f16 at token {agree}");
        Assert.True(rel <= 0.01, $"q8_0 perplexity differs from f16 by {rel:P2}");
    }

    [Fact]
    public void Lora_fine_tune_decodes_the_same_merged_and_as_gguf_lora_on_the_base()
    {
        using var adapter = TestPaths.NewTempDir();
        using var merged = TestPaths.NewTempDir();
        using var baseGguf = TestPaths.NewTempDir();
        using var loraGguf = TestPaths.NewTempDir();
        ExportModels.StoriesLora(adapter.Path);
        var prompt = Tokenizer.Load(ExportModels.Stories).Encode(Prompt).Ids;
        int[] ours, plain;
        using (var peft = PeftBuilder.Build(ExportModels.Stories, new FinetuningOptions(), [adapter.Path], ScalarType.Float32)) ours = ExportModels.Greedy(peft, prompt, NewTokens);
        using (var model = ModelLoader.Load(ExportModels.Stories, ScalarType.Float32)) plain = ExportModels.Greedy(model, prompt, NewTokens);
        var viaMerged = GgufProbe.Ints(Probe(ExportGguf(ExportModels.Stories, merged.Path, "f32", [adapter.Path]), prompt)["generated"]);
        string lora = ExportGguf(ExportModels.Stories, loraGguf.Path, "f32", [adapter.Path], "gguf-lora");
        var viaLora = GgufProbe.Ints(Probe(ExportGguf(ExportModels.Stories, baseGguf.Path, "f32"), prompt, lora)["generated"]);
        output.WriteLine($"adapter changes {ours.Zip(plain).Count(p => p.First != p.Second)} of {NewTokens} greedy tokens");
        Assert.NotEqual(plain, ours);                                                          // the LoRA is not a no-op
        Assert.Equal(ours, viaMerged);
        Assert.Equal(ours, viaLora);
    }

    [Fact]
    public void Byte_level_bpe_qwen2_tokenizes_and_decodes_like_sharptune()
    {
        using var model = TestPaths.NewTempDir();
        using var outDir = TestPaths.NewTempDir();
        ExportModels.ByteLevelQwen2(model.Path);
        string gguf = ExportGguf(model.Path, outDir.Path, "f32");
        var tok = Tokenizer.Load(model.Path);
        var prompt = tok.Encode("The whale rose from the sea, and the men cried out.", addSpecialTokens: false).Ids;
        using var m = ModelLoader.Load(model.Path, ScalarType.Float32);
        var ours = ExportModels.Greedy(m, prompt, NewTokens);
        var theirs = Probe(gguf, prompt, texts: Texts);
        Assert.Equal(ours, GgufProbe.Ints(theirs["generated"]));
        var tokenized = theirs["tokenized"]!.AsArray();
        for (int i = 0; i < Texts.Length; i++) Assert.Equal(tok.Encode(Texts[i], addSpecialTokens: false).Ids, GgufProbe.Ints(tokenized[i]));
    }
}
