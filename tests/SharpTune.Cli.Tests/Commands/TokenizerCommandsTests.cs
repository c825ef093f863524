using System.CommandLine;
using System.Text.Json;
using SharpTune.Cli.Commands;

namespace SharpTune.Cli.Tests.Commands;

[Collection("Console")]
public sealed class TokenizerCommandsTests
{
    private static readonly string Thai = Path.Combine(AppContext.BaseDirectory, "Fixtures", "data", "thai_slice.txt");
    private static readonly string English = Path.Combine(AppContext.BaseDirectory, "Fixtures", "data", "english_slice.txt");

    [Fact]
    public void Train_then_expand_print_json_summaries()
    {
        string root = Path.Combine(Path.GetTempPath(), "sharptune-cli-tests", Guid.NewGuid().ToString("N"));
        try
        {
            TrainAndExpand(root);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private static void TrainAndExpand(string root)
    {
        var (rc, output) = Run("train", "--input", English, Thai, "--vocab_size", "700", "--model", "bpe-bytelevel",
            "--special_tokens", "<|endoftext|>,<|im_end|>", "--output", Path.Combine(root, "both"), "--json");
        Assert.Equal(0, rc);
        using (var doc = JsonDocument.Parse(output))
        {
            Assert.Equal(700, doc.RootElement.GetProperty("vocab_size").GetInt32());
            Assert.Equal("bpe-bytelevel", doc.RootElement.GetProperty("model").GetString());
        }

        Assert.Equal(0, Run("train", "--input", English, "--vocab_size", "500", "--output", Path.Combine(root, "en"), "--json").Rc);
        Assert.Equal(0, Run("train", "--input", Thai, "--vocab_size", "800", "--output", Path.Combine(root, "th"), "--json").Rc);
        (rc, output) = Run("expand", "--base", Path.Combine(root, "en"), "--add", Path.Combine(root, "th"), "--output", Path.Combine(root, "merged"), "--json");
        Assert.Equal(0, rc);
        using var report = JsonDocument.Parse(output);
        Assert.Equal(500, report.RootElement.GetProperty("first_id").GetInt32());
        Assert.True(report.RootElement.GetProperty("count").GetInt32() > 100);
        Assert.True(File.Exists(Path.Combine(root, "merged", "tokenizer.json")));
    }

    [Fact]
    public void Bad_model_type_and_missing_files_fail_with_one_line()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sharptune-cli-tests", Guid.NewGuid().ToString("N"));
        var (rc, _, error) = RunWithError("train", "--input", Thai, "--model", "wordpiece", "--output", dir);
        Assert.Equal(1, rc);
        Assert.Contains("wordpiece", error, StringComparison.Ordinal);
        (rc, _, error) = RunWithError("expand", "--base", dir, "--add", Thai, "--output", dir);
        Assert.Equal(1, rc);
        Assert.Contains("tokenizer.json", error, StringComparison.Ordinal);
    }

    private static (int Rc, string Output) Run(params string[] args)
    {
        var (rc, output, error) = RunWithError(args);
        Assert.True(rc == 0, error);
        return (rc, output);
    }

    private static (int Rc, string Output, string Error) RunWithError(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(TokenizerTrainCommand.Create());
        root.Subcommands.Add(TokenizerExpandCommand.Create());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            int rc = CliCommon.Run(root, args);
            return (rc, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
