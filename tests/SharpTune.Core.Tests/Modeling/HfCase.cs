using System.Text.Json;
using SharpTune.Core.Checkpoints;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

/// <summary>One case folder of the Hugging Face parity fixtures: expected tensors and expected.json.</summary>
internal sealed class HfCase : IDisposable
{
    public string Name { get; }
    public string Dir { get; }
    public JsonElement Json { get; }
    readonly SafetensorsReader _expected;

    public HfCase(string name)
    {
        Name = name;
        Dir = Path.Combine(TestPaths.HfFixtures, name);
        Json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "expected.json"))).RootElement;
        _expected = SafetensorsReader.Open(Path.Combine(Dir, "expected.safetensors"));
    }

    public bool Has(string key) => _expected.Contains(key);
    public Tensor T(string key) => _expected.Read(key);

    /// <summary>Case folders holding a base model (`model/`).</summary>
    public static IEnumerable<object[]> BaseCases() =>
        Directory.Exists(TestPaths.HfFixtures)
            ? Directory.GetDirectories(TestPaths.HfFixtures).Where(d => Directory.Exists(Path.Combine(d, "model")))
                .Select(d => new object[] { Path.GetFileName(d) }).OrderBy(o => (string)o[0], StringComparer.Ordinal)
            : [];

    /// <summary>Max |a − b| over positions where mask (B, T) is 1; a, b are (B, T, …).</summary>
    public static double MaxAbsDiffMasked(Tensor a, Tensor b, Tensor? mask)
    {
        var d = (a - b).abs();
        if (mask is not null)
        {
            var m = mask.to_type(ScalarType.Bool);
            while (m.dim() < d.dim()) m = m.unsqueeze(-1);
            d = d.masked_fill(m.logical_not(), 0);
        }
        return d.max().item<float>();
    }

    public void Dispose() => _expected.Dispose();
}
