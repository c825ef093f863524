using SharpTune.Core.Checkpoints;
using SharpTune.Core.Configuration;
using SharpTune.Core.Export;
using SharpTune.Core.Peft;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Export;

/// <summary>`sharptune export` to a Hugging Face folder: merged weights, shards, the files around them, and its refusals.</summary>
[Collection(TorchCollection.Name)]
public sealed class ModelExporterTests(ITestOutputHelper output)
{
    static readonly long[] Ids = [1, 403, 407, 261, 378, 280, 359, 297, 267, 432, 289, 384];

    static ExportResult Export(string baseDir, string dir, IReadOnlyList<string> adapters, ExportArguments? e = null, Action<string>? written = null, CancellationToken ct = default) =>
        ModelExporter.Run(new ModelArguments { ModelNameOrPath = baseDir, AdapterNameOrPath = adapters },
            (e ?? new ExportArguments()) with { ExportDir = dir }, written, ct);

    static double MaxDiff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    static Tensor Logits(SharpTune.Core.Modeling.ICausalLM m)
    {
        using var _ = no_grad();
        return m.forward(new SharpTune.Core.Modeling.CausalLMInputs { input_ids = tensor(Ids).unsqueeze(0) }).logits;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Merged_export_in_shards_gives_the_logits_of_base_plus_adapter(bool dora)
    {
        using var adapter = TestPaths.NewTempDir();
        using var outDir = TestPaths.NewTempDir();
        ExportModels.StoriesLora(adapter.Path, dora);
        var r = Export(ExportModels.Stories, outDir.Path, [adapter.Path], new ExportArguments { ExportSize = 0.0002, ExportDtype = "float32" });
        using var peft = PeftBuilder.Build(ExportModels.Stories, new FinetuningOptions(), [adapter.Path], ScalarType.Float32);
        using var merged = ModelLoader.Load(outDir.Path);
        using var expected = Logits(peft);
        double diff = MaxDiff(expected, Logits(merged)), scale = expected.abs().max().item<float>();
        output.WriteLine($"dora={dora}: {r.Files.Count} files, max |Δlogit| = {diff:E2} of max |logit| {scale:F1}");
        // float32: W·x + s·B·(A·x) and (W + s·B·A)·x round differently; measured 2.2e-5 (LoRA) and 6.8e-5 (DoRA) on logits up to ~20
        Assert.True(diff <= 1e-5 * scale, $"merged logits differ by {diff} (max |logit| {scale})");
        Assert.Contains(r.Files, f => f.Name == CheckpointStore.IndexFile);
        Assert.True(r.Files.Count(f => f.Name.EndsWith(".safetensors", StringComparison.Ordinal)) > 1, "expected several shards at export_size 0.0002 GB");
        foreach (var f in new[] { "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json" })
            Assert.True(File.Exists(Path.Combine(outDir.Path, f)), $"{f} missing");
    }

    [Fact]
    public void Merged_weights_equal_peft_merge_and_unload_on_the_lora_fixture()
    {
        string c = Path.Combine(TestPaths.HfFixtures, "lora_llama_qv");
        using var outDir = TestPaths.NewTempDir();
        Export(Path.Combine(TestPaths.HfFixtures, "llama_untied", "model"), outDir.Path, [Path.Combine(c, "adapter")]);
        using var ours = CheckpointStore.Open(outDir.Path);
        using var peft = CheckpointStore.Open(Path.Combine(c, "merged_model"));
        Assert.Equal(peft.Names.Order(), ours.Names.Order());
        double worst = 0;
        foreach (var n in peft.Names)
        {
            using var a = peft.Read(n);
            using var b = ours.Read(n);
            Assert.Equal(a.dtype, b.dtype);
            worst = Math.Max(worst, MaxDiff(a, b));
        }
        output.WriteLine($"max |Δw| against PEFT merge_and_unload: {worst:E2}");
        Assert.True(worst <= 1e-6, $"merged weights differ from PEFT's by {worst}");                 // W + 2·B@A in float32; PEFT does the same sum
    }

    [Fact]
    public void Resized_vocabulary_exports_merged_with_the_new_size()
    {
        using var adapter = TestPaths.NewTempDir();
        using var outDir = TestPaths.NewTempDir();
        using (var peft = PeftBuilder.Build(ExportModels.Stories, new FinetuningOptions { ResizeVocab = 520, LoraTarget = "q_proj,v_proj" }, dtype: ScalarType.Float32))
            peft.Save(adapter.Path);
        Export(ExportModels.Stories, outDir.Path, [adapter.Path]);
        Assert.Equal(520, ModelConfigParser.Load(outDir.Path).VocabSize);
        using var peftModel = PeftBuilder.Build(ExportModels.Stories, new FinetuningOptions(), [adapter.Path], ScalarType.Float32);
        using var merged = ModelLoader.Load(outDir.Path);
        using var expected = Logits(peftModel);
        Assert.True(MaxDiff(expected, Logits(merged)) <= 1e-5 * expected.abs().max().item<float>());
    }

    [Fact]
    public void Export_into_a_non_empty_folder_needs_overwrite_output_dir()
    {
        using var outDir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(outDir.Path, "notes.txt"), "keep");
        var e = Assert.Throws<IOException>(() => Export(ExportModels.Stories, outDir.Path, []));
        Assert.Contains("--overwrite_output_dir", e.Message, StringComparison.Ordinal);
        Export(ExportModels.Stories, outDir.Path, [], new ExportArguments { OverwriteOutputDir = true });
        Assert.True(File.Exists(Path.Combine(outDir.Path, CheckpointStore.SingleFile)));
    }

    [Theory]
    [InlineData("prompt_tuning_llama", "virtual tokens")]
    [InlineData("prefix_tuning_llama", "key / value prefixes")]
    public void Prompt_learning_adapters_are_refused_with_the_reason(string fixture, string reason)
    {
        using var outDir = TestPaths.NewTempDir();
        var e = Assert.Throws<NotSupportedException>(() =>
            Export(Path.Combine(TestPaths.HfFixtures, "llama_untied", "model"), outDir.Path, [Path.Combine(TestPaths.HfFixtures, fixture, "adapter")]));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains("serve the adapter folder as it is", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDir.Path));
    }

    [Fact]
    public void Legacy_format_is_refused()
    {
        using var outDir = TestPaths.NewTempDir();
        var e = Assert.Throws<ArgumentException>(() => Export(ExportModels.Stories, outDir.Path, [], new ExportArguments { ExportLegacyFormat = true }));
        Assert.Contains("pickle", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Interrupted_export_leaves_only_complete_files()
    {
        using var outDir = TestPaths.NewTempDir();
        using var cts = new CancellationTokenSource();
        var seen = new List<string>();
        Assert.ThrowsAny<OperationCanceledException>(() => Export(ExportModels.Stories, outDir.Path, [],
            new ExportArguments { ExportSize = 0.0002 }, f => { seen.Add(f); if (seen.Count == 2) cts.Cancel(); }, cts.Token));
        var files = Directory.GetFiles(outDir.Path).Select(Path.GetFileName).ToList();
        Assert.Equal(seen.Order(), files.Order());                                             // nothing beyond what was reported complete
        Assert.DoesNotContain(files, f => f!.EndsWith(".tmp", StringComparison.Ordinal));
        foreach (var f in files.Where(f => f!.EndsWith(".safetensors", StringComparison.Ordinal)))
            using (SafetensorsReader.Open(Path.Combine(outDir.Path, f!))) { }
    }
}
