using System.Text.Json;

namespace SharpTune.Cli.Tests.Commands;

[Collection("cli")]
public sealed class GenerateCommandTests
{
    static readonly string Stories = Path.Combine(CliRunner.RepoRoot, "examples", "models", "stories260K");
    static readonly string Reference = Path.Combine(CliRunner.RepoRoot, "examples", "models", "stories260K-llama2c", "reference_greedy.json");

    [Fact]
    public void Generate_json_prints_only_the_new_ids_and_they_equal_the_reference()
    {
        var (exit, stdout, stderr) = CliRunner.Run("generate", "--model_name_or_path", Stories, "--input_ids", "1", "--max_new_tokens", "12", "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var ids = doc.RootElement.GetProperty("output_ids")[0].EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var expected = JsonDocument.Parse(File.ReadAllText(Reference)).RootElement.GetProperty("greedy_token_ids")
            .EnumerateArray().Take(12).Select(e => e.GetInt64()).ToArray();
        Assert.Equal(expected, ids);
    }

    [Fact]
    public void Yaml_and_key_value_arguments_work_together()
    {
        string yaml = Path.Combine(Path.GetTempPath(), $"gen-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(yaml, $"model_name_or_path: {Stories}\nmax_new_tokens: 50\n");
        try
        {
            var (exit, stdout, stderr) = CliRunner.Run("generate", yaml, "max_new_tokens=3", "input_ids=1", "--json");
            Assert.True(exit == 0, stderr);
            Assert.Equal(3, JsonDocument.Parse(stdout).RootElement.GetProperty("output_ids")[0].GetArrayLength());
        }
        finally { File.Delete(yaml); }
    }

    [Fact]
    public void Unknown_argument_fails_with_one_line_naming_the_closest_key()
    {
        var (exit, _, stderr) = CliRunner.Run("generate", "--model_name_or_path", Stories, "--input_ids", "1", "--max_new_tkens", "3");
        Assert.Equal(1, exit);
        Assert.Contains("did you mean 'max_new_tokens'", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Missing_model_folder_is_a_clear_error()
    {
        var (exit, _, stderr) = CliRunner.Run("generate", "--model_name_or_path", "/no/such/model", "--input_ids", "1");
        Assert.Equal(1, exit);
        Assert.Contains("/no/such/model", stderr);
    }

    [Fact]
    public void Seeded_sampling_is_reproducible()
    {
        string[] args = ["generate", "--model_name_or_path", Stories, "--input_ids", "1", "--max_new_tokens", "20", "--do_sample", "true", "--temperature", "1.0", "--top_k", "0", "--top_p", "1.0", "--seed", "7", "--json"];
        var a = CliRunner.Run(args);
        var b = CliRunner.Run(args);
        Assert.Equal(0, a.Exit);
        Assert.Equal(a.Out, b.Out);
    }
}

[CollectionDefinition("cli", DisableParallelization = true)]
public sealed class CliCollection;
