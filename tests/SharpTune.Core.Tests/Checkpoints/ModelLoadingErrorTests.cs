using System.Text.Json.Nodes;
using SharpTune.Core.Checkpoints;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Checkpoints;

/// <summary>A model folder with a bad config or mismatched weights gives an error that names the key or tensor.</summary>
[Collection(TorchCollection.Name)]
public sealed class ModelLoadingErrorTests
{
    static readonly string Base = Path.Combine(TestPaths.HfFixtures, "llama_untied", "model");

    static TempDir CopyWith(Action<JsonObject>? editConfig = null, Action<Dictionary<string, Tensor>>? editWeights = null)
    {
        var dir = TestPaths.NewTempDir();
        var cfg = JsonNode.Parse(File.ReadAllText(Path.Combine(Base, "config.json")))!.AsObject();
        editConfig?.Invoke(cfg);
        File.WriteAllText(Path.Combine(dir.Path, "config.json"), cfg.ToJsonString());
        using var store = CheckpointStore.Open(Base);
        var w = store.Names.ToDictionary(n => n, n => store.Read(n));
        editWeights?.Invoke(w);
        SafetensorsWriter.Write(Path.Combine(dir.Path, "model.safetensors"), w);
        return dir;
    }

    [Fact]
    public void Missing_tensor_is_named()
    {
        using var dir = CopyWith(editWeights: w => w.Remove("model.layers.1.mlp.up_proj.weight"));
        var e = Assert.Throws<SafetensorsFormatException>(() => ModelLoader.Load(dir.Path));
        Assert.Contains("missing tensor 'model.layers.1.mlp.up_proj.weight'", e.Message);
    }

    [Fact]
    public void Wrong_shape_is_named_with_both_shapes()
    {
        using var dir = CopyWith(editWeights: w => w["model.norm.weight"] = ones(63));
        var e = Assert.Throws<SafetensorsFormatException>(() => ModelLoader.Load(dir.Path));
        Assert.Contains("'model.norm.weight' has shape [63] but the model expects [64]", e.Message);
    }

    [Fact]
    public void Unsupported_model_type_names_the_key()
    {
        using var dir = CopyWith(editConfig: c => c["model_type"] = "gpt2");
        var e = Assert.Throws<InvalidDataException>(() => ModelLoader.Load(dir.Path));
        Assert.Contains("model_type 'gpt2' is not supported", e.Message);
    }

    [Theory]
    [InlineData("rope_scaling", """{"rope_type":"yarn","factor":2.0}""", "rope_scaling type 'yarn'")]
    [InlineData("num_key_value_heads", "3", "num_key_value_heads 3 must divide")]
    [InlineData("hidden_act", "\"gelu\"", "hidden_act 'gelu'")]
    [InlineData("vocab_size", "\"many\"", "key 'vocab_size' must be an integer")]
    public void Bad_config_values_name_the_key(string key, string json, string expected)
    {
        using var dir = CopyWith(editConfig: c => c[key] = JsonNode.Parse(json));
        var e = Assert.Throws<InvalidDataException>(() => ModelConfigParser.Load(dir.Path));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Missing_config_key_is_named()
    {
        using var dir = CopyWith(editConfig: c => c.Remove("intermediate_size"));
        var e = Assert.Throws<InvalidDataException>(() => ModelConfigParser.Load(dir.Path));
        Assert.Contains("missing key 'intermediate_size'", e.Message);
    }

    [Fact]
    public void Loading_casts_to_bfloat16_on_request_and_saving_round_trips()
    {
        using var model = ModelLoader.Load(Base, ScalarType.BFloat16);
        Assert.Equal(ScalarType.BFloat16, model.model.embed_tokens.weight!.dtype);
        using var dir = TestPaths.NewTempDir();
        ModelLoader.Save(model, dir.Path);
        var cfg = ModelConfigParser.Load(dir.Path);
        Assert.Equal("bfloat16", cfg.TorchDtype);
        using var again = ModelLoader.Load(dir.Path);
        Assert.Equal(ScalarType.BFloat16, again.model.embed_tokens.weight!.dtype);
        Assert.True(again.model.norm.weight.equal(model.model.norm.weight).all().item<bool>());
    }

    [Fact]
    public void Llama3_and_linear_rope_scaling_parse()
    {
        using var dir = CopyWith(editConfig: c => c["rope_scaling"] = JsonNode.Parse("""{"rope_type":"llama3","factor":8.0,"low_freq_factor":1.0,"high_freq_factor":4.0,"original_max_position_embeddings":8192}"""));
        var cfg = ModelConfigParser.Load(dir.Path);
        Assert.Equal("llama3", cfg.RopeScaling!.Type);
        using var m = ModelLoader.Load(dir.Path);
        using var o = m.forward(new SharpTune.Core.Modeling.CausalLMInputs { input_ids = tensor(new long[,] { { 1, 5, 9 } }) });
        Assert.False(o.logits.isnan().any().item<bool>());
    }
}
