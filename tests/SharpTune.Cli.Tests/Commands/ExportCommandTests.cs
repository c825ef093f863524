using System.Text.Json;

namespace SharpTune.Cli.Tests.Commands;

/// <summary>`sharptune export`, `export-job` and `inspect` from the command line.</summary>
[Collection("cli")]
public sealed class ExportCommandTests
{
    static readonly string Stories = Path.Combine(CliRunner.RepoRoot, "examples", "models", "stories260K");

    static string NewDir() => Path.Combine(Path.GetTempPath(), "sharptune-cli-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Export_gguf_then_inspect_reads_its_metadata_and_tensors()
    {
        string dir = NewDir();
        try
        {
            var (exit, stdout, stderr) = CliRunner.Run("export", "--model_name_or_path", Stories, "--export_dir", dir, "--export_format", "gguf", "--export_quantization", "q8_0", "--json");
            Assert.True(exit == 0, stderr);
            using var export = JsonDocument.Parse(stdout);
            Assert.Equal("gguf", export.RootElement.GetProperty("format").GetString());
            string file = Path.Combine(dir, "model-q8_0.gguf");
            (exit, stdout, stderr) = CliRunner.Run("inspect", file, "--json");
            Assert.True(exit == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            Assert.Equal("llama", doc.RootElement.GetProperty("metadata").GetProperty("general.architecture").GetString());
            Assert.Equal(7, doc.RootElement.GetProperty("metadata").GetProperty("general.file_type").GetInt32());
            var tensors = doc.RootElement.GetProperty("tensors").EnumerateArray().ToList();
            Assert.Equal(2 + 5 * 9, tensors.Count);                                              // token_embd, output_norm, 9 per layer (tied: no output)
            Assert.Contains(tensors, t => t.GetProperty("name").GetString() == "blk.0.attn_q.weight" && t.GetProperty("type").GetString() == "Q8_0");
            Assert.True(File.Exists(Path.Combine(dir, "Modelfile")));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void Inspect_of_a_truncated_gguf_is_one_error_sentence()
    {
        string dir = NewDir();
        Directory.CreateDirectory(dir);
        try
        {
            string bad = Path.Combine(dir, "bad.gguf");
            File.WriteAllBytes(bad, [(byte)'G', (byte)'G', (byte)'U', (byte)'F', 3, 0, 0, 0, 1]);
            var (exit, _, stderr) = CliRunner.Run("inspect", bad);
            Assert.Equal(1, exit);
            Assert.StartsWith($"error: {bad}: the file ends", stderr, StringComparison.Ordinal);
            Assert.Single(stderr.Trim().Split('\n'));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Export_job_for_the_bundled_recipe_writes_the_job_files()
    {
        string dir = NewDir();
        try
        {
            var (exit, stdout, stderr) = CliRunner.Run("export-job", "--config", Path.Combine(CliRunner.RepoRoot, "examples", "recipes", "stories260K_lora_sft.yaml"),
                "--output", dir, "--num_gpus", "2", "--zero", "2", "model_name_or_path=" + Stories, "dataset_dir=" + Path.Combine(CliRunner.RepoRoot, "examples", "data"), "--json");
            Assert.True(exit == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            var files = doc.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()).ToList();
            Assert.Contains("job.yaml", files);
            Assert.Contains("ds_z2_config.json", files);
            Assert.Contains("README.md", files);
            Assert.Contains(Path.Combine("data", "dataset_info.json"), files);
            Assert.True(doc.RootElement.GetProperty("left_out").TryGetProperty("do_predict", out _));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void Export_of_a_prompt_tuning_adapter_says_why_it_cannot_be_merged()
    {
        string dir = NewDir();
        string fixtures = Path.Combine(CliRunner.RepoRoot, "tests", "Fixtures", "hf");
        var (exit, _, stderr) = CliRunner.Run("export", "--model_name_or_path", Path.Combine(fixtures, "llama_untied", "model"),
            "--adapter_name_or_path", Path.Combine(fixtures, "prompt_tuning_llama", "adapter"), "--export_dir", dir);
        Assert.Equal(1, exit);
        Assert.Contains("cannot be merged", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }
}
