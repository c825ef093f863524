using System.Text.Json.Nodes;
using SharpTune.Core.Checkpoints;
using SharpTune.Core.Peft;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Peft;

/// <summary>Malformed adapter folders fail with an error that names the file and the tensor, key or module at fault.</summary>
[Collection(TorchCollection.Name)]
public sealed class MalformedAdapterTests
{
    static string LoraFixture => Path.Combine(TestPaths.HfFixtures, "lora_llama_qv", "adapter");
    static string PromptFixture => Path.Combine(TestPaths.HfFixtures, "prompt_tuning_llama", "adapter");

    /// <summary>Copies a fixture adapter into <paramref name="dir"/>, editing its config.</summary>
    static void CopyWithConfig(string from, string dir, Action<JsonObject> edit)
    {
        File.Copy(Path.Combine(from, "adapter_model.safetensors"), Path.Combine(dir, "adapter_model.safetensors"), overwrite: true);
        var cfg = JsonNode.Parse(File.ReadAllText(Path.Combine(from, "adapter_config.json")))!.AsObject();
        edit(cfg);
        File.WriteAllText(Path.Combine(dir, "adapter_config.json"), cfg.ToJsonString());
    }

    static Exception Load(string dir) =>
        Record.Exception(() => PeftBuilder.Build(PeftCase.TinyBase, new FinetuningOptions(), [dir]).Dispose())!;

    [Fact]
    public void Unknown_peft_type_is_named()
    {
        using var t = TestPaths.NewTempDir();
        CopyWithConfig(LoraFixture, t.Path, c => c["peft_type"] = "IA3");
        var e = Assert.IsType<NotSupportedException>(Load(t.Path));
        Assert.Contains("'IA3'", e.Message);
        Assert.Contains("adapter_config.json", e.Message);
    }

    [Fact]
    public void Rank_that_does_not_match_the_tensors_names_the_tensor_and_shapes()
    {
        using var t = TestPaths.NewTempDir();
        CopyWithConfig(LoraFixture, t.Path, c => c["r"] = 8);
        var e = Assert.IsType<SafetensorsFormatException>(Load(t.Path));
        Assert.Contains("lora_A.weight' has shape [4, 64]", e.Message);
        Assert.Contains("[8, 64]", e.Message);
    }

    [Fact]
    public void Target_module_missing_from_the_base_is_named()
    {
        using var t = TestPaths.NewTempDir();
        CopyWithConfig(LoraFixture, t.Path, c => c["target_modules"] = new JsonArray("q_proj", "qkv_proj"));
        var e = Assert.IsType<ArgumentException>(Load(t.Path));
        Assert.Contains("'qkv_proj'", e.Message);
        Assert.Contains("q_proj", e.Message);
    }

    [Fact]
    public void Tensor_for_a_module_that_is_not_a_target_is_named()
    {
        using var t = TestPaths.NewTempDir();
        CopyWithConfig(LoraFixture, t.Path, c => c["target_modules"] = new JsonArray("q_proj"));
        var e = Assert.IsType<SafetensorsFormatException>(Load(t.Path));
        Assert.Contains("v_proj.lora_A.weight", e.Message);
    }

    [Fact]
    public void Missing_tensor_is_named()
    {
        using var t = TestPaths.NewTempDir();
        CopyWithConfig(LoraFixture, t.Path, _ => { });
        string file = Path.Combine(t.Path, "adapter_model.safetensors");
        var kept = new List<KeyValuePair<string, Tensor>>();
        using (var r = SafetensorsReader.Open(file))
            kept.AddRange(r.Names.Where(n => !n.Contains("layers.1.self_attn.v_proj.lora_B")).Select(n => KeyValuePair.Create(n, r.Read(n))));
        SafetensorsWriter.Write(file, kept);
        var e = Assert.IsType<SafetensorsFormatException>(Load(t.Path));
        Assert.Contains("missing tensor 'base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight'", e.Message);
    }

    [Fact]
    public void Prompt_embeddings_of_another_width_are_rejected_by_name()
    {
        using var t = TestPaths.NewTempDir();
        CopyWithConfig(PromptFixture, t.Path, _ => { });
        SafetensorsWriter.Write(Path.Combine(t.Path, "adapter_model.safetensors"), [KeyValuePair.Create("prompt_embeddings", zeros(4, 32))]);
        var e = Assert.IsType<SafetensorsFormatException>(Load(t.Path));
        Assert.Contains("'prompt_embeddings' has shape [4, 32] but the model expects [4, 64]", e.Message);
    }

    [Fact]
    public void Unsupported_lora_settings_and_bad_values_are_named()
    {
        using var t = TestPaths.NewTempDir();
        CopyWithConfig(LoraFixture, t.Path, c => c["layers_to_transform"] = new JsonArray(0));
        Assert.Contains("'layers_to_transform'", Assert.IsType<NotSupportedException>(Load(t.Path)).Message);
        CopyWithConfig(LoraFixture, t.Path, c => c["r"] = "four");
        Assert.Contains("'r' must be an integer", Assert.IsType<FormatException>(Load(t.Path)).Message);
        File.WriteAllText(Path.Combine(t.Path, "adapter_config.json"), "{ not json");
        Assert.Contains("adapter_config.json", Assert.IsType<FormatException>(Load(t.Path)).Message);
    }

    [Fact]
    public void Only_the_last_adapter_of_a_list_may_be_prompt_tuning()
    {
        var e = Record.Exception(() => PeftBuilder.Build(PeftCase.TinyBase, new FinetuningOptions(), [PromptFixture, LoraFixture]).Dispose());
        Assert.IsType<NotSupportedException>(e);
        Assert.Contains("PROMPT_TUNING", e.Message);
    }

    [Fact]
    public void Unknown_finetuning_type_and_bad_options_are_named()
    {
        Assert.Contains("'qlora'", Assert.Throws<ArgumentException>(() => new FinetuningOptions { FinetuningType = "qlora" }.Validate()).Message);
        Assert.Contains("lora_rank", Assert.Throws<ArgumentException>(() => new FinetuningOptions { LoraRank = 0 }.Validate()).Message);
        Assert.Contains("adapter_act", Assert.Throws<ArgumentException>(() => new FinetuningOptions { AdapterAct = "tanh" }.Validate()).Message);
    }
}
