using System.Text.Json.Nodes;
using SharpTune.Core.Peft;

namespace SharpTune.Core.Tests.Peft;

/// <summary>adapter_config.json as SharpTune writes it has the keys and values PEFT 0.8.2 wrote for the fixture adapters.</summary>
public sealed class AdapterConfigTests
{
    public static IEnumerable<object[]> Cases() => PeftCase.AdapterCases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Written_config_has_peft_keys_and_values(string name)
    {
        string dir = Path.Combine(TestPaths.HfFixtures, name, "adapter");
        var theirs = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "adapter_config.json")))!.AsObject();
        var config = AdapterConfig.Load(dir);
        var mine = JsonNode.Parse(config.ToJson())!.AsObject();
        Assert.Equal(theirs.Select(kv => kv.Key).Order(StringComparer.Ordinal), mine.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        foreach (var (key, value) in theirs)
        {
            if (key == "target_modules")
                Assert.Equal(value!.AsArray().Select(v => (string)v!).Order(), mine[key]!.AsArray().Select(v => (string)v!).Order());
            else if (value is JsonValue v && v.TryGetValue<double>(out var d))
                Assert.Equal(d, mine[key]!.GetValue<double>());
            else Assert.True(JsonNode.DeepEquals(value, mine[key]), $"{name}: '{key}' is {mine[key]?.ToJsonString()}, PEFT wrote {value?.ToJsonString()}");
        }
    }

    [Fact]
    public void Scaling_is_alpha_over_r_or_over_sqrt_r_with_rslora()
    {
        var c = new AdapterConfig { PeftType = AdapterConfig.Lora, R = 16, LoraAlpha = 32 };
        Assert.Equal(2.0, c.Scaling);
        Assert.Equal(8.0, (c with { UseRslora = true }).Scaling);
    }
}
