using System.Text.Json;
using SharpTune.Core.Checkpoints;
using SharpTune.Core.Generation;
using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Checkpoints;

/// <summary>The real pretrained stories260K (llama2.c) converts to a HF folder that decodes exactly like llama2.c.</summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class Llama2cImporterTests
{
    static readonly string Src = Path.Combine(TestPaths.RepoRoot, "examples", "models", "stories260K-llama2c");

    [Fact]
    public void Stories260K_greedy_decode_from_BOS_equals_the_llama2c_reference()
    {
        using var dir = TestPaths.NewTempDir();
        Llama2cImporter.Convert(Path.Combine(Src, "stories260K.bin"), dir.Path);
        var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(Src, "reference_greedy.json"))).RootElement;
        var expected = reference.GetProperty("greedy_token_ids").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        using var model = ModelLoader.Load(dir.Path);

        using (no_grad())
        using (var o = model.forward(new CausalLMInputs { input_ids = tensor(new long[,] { { 1 } }) }))
        {
            var logits = o.logits[0, 0];
            var first8 = reference.GetProperty("first_step_logits_0_7").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int i = 0; i < first8.Length; i++) Assert.InRange(Math.Abs(first8[i] - logits[i].item<float>()), 0, 1e-3);
            foreach (var pair in reference.GetProperty("first_step_logits_top5").EnumerateArray())
                Assert.InRange(Math.Abs(pair[1].GetDouble() - logits[pair[0].GetInt32()].item<float>()), 0, 1e-3);
        }

        var r = TextGenerator.Generate(model, [[1L]], new GenerationOptions { MaxNewTokens = expected.Length, EosTokenIds = [1] });
        Assert.Equal(expected, r.NewTokens[0]);
    }

    [Fact]
    public void A_file_whose_size_disagrees_with_its_header_is_rejected()
    {
        using var dir = TestPaths.NewTempDir();
        string bad = Path.Combine(dir.Path, "bad.bin");
        var bytes = File.ReadAllBytes(Path.Combine(Src, "stories260K.bin"));
        File.WriteAllBytes(bad, bytes[..(bytes.Length - 100)]);
        var e = Assert.Throws<InvalidDataException>(() => Llama2cImporter.ReadHeader(bad));
        Assert.Contains("bytes, but header", e.Message);
    }
}
