using System.Text.Json;
using SharpTune.Core.Checkpoints;
using SharpTune.Core.Peft;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Peft;

/// <summary>The parameter report of every method on the `small` config (hidden 512, 8 layers, 8 heads, 4 kv heads, vocab 16384, untied).</summary>
[Collection(TorchCollection.Name)]
public sealed class ParameterReportTests(ITestOutputHelper output)
{
    static readonly ModelConfig Small = new()
    {
        ModelType = "llama", VocabSize = 16384, HiddenSize = 512, IntermediateSize = 1376, NumHiddenLayers = 8,
        NumAttentionHeads = 8, NumKeyValueHeads = 4, HeadDim = 64, TieWordEmbeddings = false,
    };

    // embeddings + lm_head 2·16384·512, per layer q/o 512², k/v 512·256, MLP 3·512·1376, two norms; final norm
    const long SmallTotal = 2L * 16384 * 512 + 8L * (2 * 512 * 512 + 2 * 512 * 256 + 3 * 512 * 1376 + 2 * 512) + 512;

    public static IEnumerable<object[]> Methods() => new (string, long)[]
    {
        ("lora", 8L * (8 * (512 + 512) * 2 + 8 * (512 + 256) * 2 + 8 * (512 + 1376) * 3)),    // r = 8 on all 7 linears
        ("dora", 8L * (8 * (512 + 512) * 2 + 8 * (512 + 256) * 2 + 8 * (512 + 1376) * 3 + 512 * 2 + 256 * 2 + 1376 * 2 + 512)),
        ("full", SmallTotal),
        ("freeze", 2L * (2 * 512 * 512 + 2 * 512 * 256 + 3 * 512 * 1376 + 2 * 512)),           // last 2 layers
        ("prompt_tuning", 20L * 512),
        ("prefix_tuning", 20L * 2 * 8 * 256),
        ("adapter", 8L * 2 * (512 * 64 + 64 + 64 * 512 + 512)),                                   // houlsby, size 64
        ("adapter_pfeiffer", 8L * (512 * 64 + 64 + 64 * 512 + 512)),                              // after the MLP only
    }.Select(m => new object[] { m.Item1, m.Item2 });

    static FinetuningOptions OptionsFor(string method) => method switch
    {
        "dora" => new FinetuningOptions { FinetuningType = "lora", UseDora = true },
        "adapter_pfeiffer" => new FinetuningOptions { FinetuningType = "adapter", AdapterType = "pfeiffer" },
        _ => new FinetuningOptions { FinetuningType = method },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void Report_counts_trainable_and_total_parameters(string method, long expectedTrainable)
    {
        using var model = PeftBuilder.Build(Small, OptionsFor(method), ScalarType.BFloat16);
        var r = model.Report();
        output.WriteLine(r.ToString());
        Assert.Equal(expectedTrainable, r.Trainable);
        long extra = method is "full" or "freeze" ? 0 : expectedTrainable;
        Assert.Equal(SmallTotal + extra, r.Total);
        Assert.Equal((double)r.Trainable / r.Total, r.Share, 12);
        Assert.Equal(r.Total, r.Groups.Sum(g => g.Total));
        using var tmp = TestPaths.NewTempDir();
        r.Save(tmp.Path);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.Path, ParameterReport.FileName)));
        Assert.Equal(r.Trainable, doc.RootElement.GetProperty("trainable").GetInt64());
        Assert.Equal(OptionsFor(method).FinetuningType, doc.RootElement.GetProperty("method").GetString());
    }
}
