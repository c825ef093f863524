using SharpTune.Core.Configuration;

namespace SharpTune.Core.Tests.Configuration;

public sealed class ArgumentSetTests
{
    [Fact]
    public void Command_line_overrides_yaml_which_overrides_defaults()
    {
        using var dir = TestPaths.NewTempDir();
        string yaml = Path.Combine(dir.Path, "cfg.yaml");
        File.WriteAllText(yaml, "model_name_or_path: from/yaml\nmax_new_tokens: 7\ntemperature: 0.5\nadapter_name_or_path:\n  - a1\n  - a2\n");
        var set = ArgumentSet.Parse([yaml, "max_new_tokens=9", "--do_sample", "--top_k", "3"]);
        var m = set.Bind<ModelArguments>();
        var g = set.Bind<GeneratingArguments>();
        Assert.Equal("from/yaml", m.ModelNameOrPath);
        Assert.Equal(["a1", "a2"], m.AdapterNameOrPath);
        Assert.Equal(9, g.MaxNewTokens);
        Assert.Equal(0.5, g.Temperature);
        Assert.True(g.DoSample);
        Assert.Equal(3, g.TopK);
        Assert.Equal(new GeneratingArguments().TopP, g.TopP);
    }

    [Fact]
    public void LLaMA_Factory_disable_gradient_checkpointing_overrides_the_request()
    {
        var set = ArgumentSet.Parse(["--gradient_checkpointing", "true", "--disable_gradient_checkpointing", "true"]);
        set.RequireKnown([typeof(ModelArguments), typeof(TrainingArguments)]);
        Assert.False(set.Bind<ModelArguments>().Checkpointing(set.Bind<TrainingArguments>().GradientCheckpointing));
        var on = ArgumentSet.Parse(["gradient_checkpointing=true"]);
        Assert.True(on.Bind<ModelArguments>().Checkpointing(on.Bind<TrainingArguments>().GradientCheckpointing));
    }

    [Fact]
    public void Unknown_key_names_its_origin_and_the_closest_valid_key()
    {
        using var dir = TestPaths.NewTempDir();
        string yaml = Path.Combine(dir.Path, "cfg.yaml");
        File.WriteAllText(yaml, "model_name_or_path: x\nmax_new_tokns: 3\n");
        var e = Assert.Throws<ArgumentException>(() => ArgumentSet.Parse([yaml]).RequireKnown([typeof(ModelArguments), typeof(GeneratingArguments)]));
        Assert.Contains("cfg.yaml line 2", e.Message);
        Assert.Contains("'max_new_tokns'", e.Message);
        Assert.Contains("did you mean 'max_new_tokens'", e.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_key()
    {
        var e = Assert.Throws<ArgumentException>(() => ArgumentSet.Parse(["max_new_tokens=lots"]).Bind<GeneratingArguments>());
        Assert.Contains("'max_new_tokens' = 'lots' is not a valid integer", e.Message);
    }

    [Theory]
    [InlineData("a: 1\nb: [unclosed\n", "bad.yaml line 3:", "the '[' on line 2 is not closed")]
    [InlineData("a: 1\nlora_rank: [8\nb: 2\nc: 3\n", "bad.yaml line 2:", "this '[' is never closed")]   // YamlDotNet throws InvalidOperationException here
    [InlineData("a: 1\nb: {x: 1\nc: 2\n", "bad.yaml line 2:", "this '{' is never closed")]
    [InlineData("a: 'open\nb: 2\n", "bad.yaml line", "quoted scalar")]
    public void Malformed_yaml_names_the_file_and_line(string text, string where, string what)
    {
        using var dir = TestPaths.NewTempDir();
        string yaml = Path.Combine(dir.Path, "bad.yaml");
        File.WriteAllText(yaml, text);
        var e = Assert.Throws<FormatException>(() => ArgumentSet.Parse([yaml]));
        Assert.Contains(where, e.Message);
        Assert.Contains(what, e.Message);
    }

    [Theory]
    [InlineData("ModelNameOrPath", "model_name_or_path")]
    [InlineData("DoSample", "do_sample")]
    [InlineData("TopP", "top_p")]
    public void Property_names_map_to_llama_factory_keys(string pascal, string snake) => Assert.Equal(snake, ArgumentNames.ToSnake(pascal));
}
