using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SharpTune.Core.Configuration;
using SharpTune.Core.Export;
using YamlDotNet.RepresentationModel;

namespace SharpTune.Core.Tests.Export;

/// <summary>`sharptune export-job`: the LLaMA-Factory job for a recipe, checked against LLaMA-Factory's documented argument names.</summary>
public sealed partial class ExportJobWriterTests
{
    static string Repo(params string[] p) => Path.Combine([TestPaths.RepoRoot, .. p]);

    /// <summary>Every argument name LLaMA-Factory documents (backticked names and YAML keys in tests/Fixtures/llamafactory).</summary>
    static HashSet<string> Documented()
    {
        string text = File.ReadAllText(Path.Combine(TestPaths.Fixtures("llamafactory", "SHARPTUNE_LLAMAFACTORY_FIXTURES"), "argument_names.md"));
        return Backticked().Matches(text).Select(m => m.Groups[1].Value)
            .Concat(YamlKey().Matches(text).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"`([a-z][a-z0-9_]*)`")] private static partial Regex Backticked();
    [GeneratedRegex(@"(?m)^#? ?([a-z][a-z0-9_]*):")] private static partial Regex YamlKey();

    static YamlMappingNode ReadYaml(string path)
    {
        var y = new YamlStream();
        y.Load(new StringReader(File.ReadAllText(path)));
        return (YamlMappingNode)y.Documents[0].RootNode;
    }

    /// <summary>The seed's command line, pointed at the bundled model and data.</summary>
    static ArgumentSet Seed() => ArgumentSet.Parse(
    [
        "--model_name_or_path", Repo("examples", "models", "stories260K"), "--finetuning_type", "lora", "--lora_rank", "8",
        "--lora_target", "q_proj,v_proj", "--dataset", "self_instruct_seed", "--dataset_dir", Repo("examples", "data"),
        "--template", "alpaca", "--output_dir", "saves/seed", "--learning_rate", "1e-4", "--gradient_accumulation_steps", "8",
        "--eager_attention", "true",
    ]);

    [Fact]
    public void Job_for_the_seed_command_line_uses_only_llama_factory_argument_names()
    {
        using var tmp = TestPaths.NewTempDir();
        var r = ExportJobWriter.Write(Seed(), new ExportJobOptions { Output = tmp.Path, NumGpus = 4, Zero = 3 });
        var yaml = ReadYaml(Path.Combine(tmp.Path, "job.yaml"));
        var documented = Documented();
        var keys = yaml.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
        Assert.All(keys, k => Assert.True(documented.Contains(k), $"job.yaml key '{k}' is not a documented LLaMA-Factory argument"));
        string V(string k) => ((YamlScalarNode)yaml.Children[new YamlScalarNode(k)]).Value!;
        Assert.Equal("sft", V("stage"));
        Assert.Equal("true", V("do_train"));
        Assert.Equal("lora", V("finetuning_type"));
        Assert.Equal("8", V("lora_rank"));
        Assert.Equal("q_proj,v_proj", V("lora_target"));
        Assert.Equal("self_instruct_seed", V("dataset"));
        Assert.Equal("data", V("dataset_dir"));
        Assert.Equal("alpaca", V("template"));
        Assert.Equal("0.0001", V("learning_rate"));                                            // a float for PyYAML (1e-4 would be a string)
        Assert.Equal("2", V("gradient_accumulation_steps"));                                   // 8 on one device = 4 GPUs × 2
        Assert.Equal("ds_z3_config.json", V("deepspeed"));
        Assert.Equal("180000000", V("ddp_timeout"));
        Assert.Equal("saves/seed", V("output_dir"));
        Assert.Contains("eager_attention", r.LeftOut.Keys);
        Assert.DoesNotContain("eager_attention", keys);
        var info = JsonNode.Parse(File.ReadAllText(Path.Combine(tmp.Path, "data", "dataset_info.json")))!.AsObject();
        Assert.Equal(["self_instruct_seed"], info.Select(kv => kv.Key));
        string file = info["self_instruct_seed"]!["file_name"]!.GetValue<string>();
        Assert.Equal(File.ReadAllBytes(Repo("examples", "data", file)), File.ReadAllBytes(Path.Combine(tmp.Path, "data", file)));
        var ds = JsonNode.Parse(File.ReadAllText(Path.Combine(tmp.Path, "ds_z3_config.json")))!;
        Assert.Equal(3, ds["zero_optimization"]!["stage"]!.GetValue<int>());
        Assert.True(ds["zero_optimization"]!["stage3_gather_16bit_weights_on_model_save"]!.GetValue<bool>());
        string readme = File.ReadAllText(Path.Combine(tmp.Path, "README.md"));
        Assert.Contains("FORCE_TORCHRUN=1 llamafactory-cli train job.yaml", readme, StringComparison.Ordinal);
        Assert.Contains("sharptune api --model_name_or_path", readme, StringComparison.Ordinal);
        Assert.Contains("--lora-modules", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_sharptune_training_key_is_either_documented_by_llama_factory_or_reported_as_left_out()
    {
        var documented = Documented();
        foreach (var key in LlamaFactoryKeys.All)
            Assert.True(documented.Contains(key) ^ LlamaFactoryKeys.NotInLlamaFactory.ContainsKey(key),
                $"'{key}': documented by LLaMA-Factory = {documented.Contains(key)}, listed as SharpTune-only = {LlamaFactoryKeys.NotInLlamaFactory.ContainsKey(key)}");
        Assert.All(LlamaFactoryKeys.NotInLlamaFactory.Keys, k => Assert.Contains(k, LlamaFactoryKeys.All));
        Assert.All(LlamaFactoryKeys.LeftOutOnPurpose.Keys, k => Assert.Contains(k, documented));
    }

    [Fact]
    public void Bundled_recipe_becomes_a_zero_2_job_and_its_predict_step_is_reported()
    {
        using var tmp = TestPaths.NewTempDir();
        var recipe = ArgumentSet.Parse([Repo("examples", "recipes", "stories260K_lora_sft.yaml"), "model_name_or_path=" + Repo("examples", "models", "stories260K"), "dataset_dir=" + Repo("examples", "data")]);
        var r = ExportJobWriter.Write(recipe, new ExportJobOptions { Output = tmp.Path, NumGpus = 2, Zero = 2 });
        var yaml = ReadYaml(Path.Combine(tmp.Path, "job.yaml"));
        Assert.Equal("ds_z2_config.json", ((YamlScalarNode)yaml.Children[new YamlScalarNode("deepspeed")]).Value);
        Assert.Equal("16.0", ((YamlScalarNode)yaml.Children[new YamlScalarNode("val_size")]).Value);
        Assert.Contains("do_predict", r.LeftOut.Keys);
        Assert.True(File.Exists(Path.Combine(tmp.Path, "ds_z2_config.json")));
    }

    [Fact]
    public void Fsdp_job_writes_an_accelerate_config_instead_of_deepspeed()
    {
        using var tmp = TestPaths.NewTempDir();
        ExportJobWriter.Write(Seed(), new ExportJobOptions { Output = tmp.Path, NumGpus = 8, Fsdp = true });
        var acc = ReadYaml(Path.Combine(tmp.Path, "fsdp_config.yaml"));
        Assert.Equal("FSDP", ((YamlScalarNode)acc.Children[new YamlScalarNode("distributed_type")]).Value);
        Assert.Equal("8", ((YamlScalarNode)acc.Children[new YamlScalarNode("num_processes")]).Value);
        Assert.False(ReadYaml(Path.Combine(tmp.Path, "job.yaml")).Children.ContainsKey(new YamlScalarNode("deepspeed")));
    }

    [Fact]
    public void Methods_llama_factory_lacks_are_refused_and_a_full_folder_needs_overwrite()
    {
        using var tmp = TestPaths.NewTempDir();
        var recipe = Seed();
        recipe.Set("finetuning_type", "prefix_tuning", "test");
        var e = Assert.Throws<NotSupportedException>(() => ExportJobWriter.Write(recipe, new ExportJobOptions { Output = tmp.Path }));
        Assert.Contains("prefix_tuning", e.Message, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(tmp.Path, "x"), "");
        var io = Assert.Throws<IOException>(() => ExportJobWriter.Write(Seed(), new ExportJobOptions { Output = tmp.Path }));
        Assert.Contains("--overwrite_output_dir", io.Message, StringComparison.Ordinal);
    }
}
