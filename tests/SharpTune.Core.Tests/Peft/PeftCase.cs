using System.Text.Json;
using SharpTune.Core.Peft;
using SharpTune.Core.Tests.Modeling;

namespace SharpTune.Core.Tests.Peft;

/// <summary>An adapter case folder of the HF fixtures (adapter/ written by PEFT 0.8.2 plus expected tensors).</summary>
internal static class PeftCase
{
    /// <summary>Every case folder that holds adapter/adapter_config.json.</summary>
    public static IEnumerable<object[]> AdapterCases() =>
        Directory.Exists(TestPaths.HfFixtures)
            ? Directory.GetDirectories(TestPaths.HfFixtures)
                .Where(d => File.Exists(Path.Combine(d, "adapter", "adapter_config.json")))
                .Select(d => new object[] { Path.GetFileName(d) }).OrderBy(o => (string)o[0], StringComparer.Ordinal)
            : [];

    /// <summary>The base model folder named by expected.json's base_model_dir (relative to the case folder).</summary>
    public static string BaseDir(HfCase c) => Path.GetFullPath(Path.Combine(c.Dir, c.Json.GetProperty("base_model_dir").GetString()!));

    public static string AdapterDir(HfCase c) => Path.Combine(c.Dir, "adapter");

    /// <summary>The base model of the fixtures (llama_untied/model), for invariant tests.</summary>
    public static string TinyBase => Path.Combine(TestPaths.HfFixtures, "llama_untied", "model");

    public static PeftModel Load(HfCase c) => PeftBuilder.Build(BaseDir(c), new FinetuningOptions(), [AdapterDir(c)]);

    public static double? JsonNumber(HfCase c, string key) =>
        c.Json.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>Max of |a − e| − (atol + rtol·|e|) over all elements (≤ 0 means within tolerance), and max |a − e|.</summary>
    public static (double excess, double maxAbs) Compare(TorchSharp.torch.Tensor actual, TorchSharp.torch.Tensor expected, double atol, double rtol)
    {
        var diff = (actual - expected).abs();
        var excess = (diff - (atol + rtol * expected.abs())).max().item<float>();
        return (excess, diff.max().item<float>());
    }
}
