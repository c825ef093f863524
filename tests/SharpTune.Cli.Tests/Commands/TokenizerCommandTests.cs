using System.CommandLine;
using System.Text.Json;
using SharpTune.Cli.Commands;
using SharpTune.Text.Tokenization;

namespace SharpTune.Cli.Tests.Commands;

/// <summary>`sharptune tokenizer …` run in-process with Console.Out captured.</summary>
[Collection("Console")]
public sealed class TokenizerCommandTests
{
    private static string FixtureDir(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SharpTune.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "tests", "Fixtures", "tokenizers", name);
    }

    private static (int Code, string Out) Run(params string[] args)
    {
        var root = new RootCommand("test");
        root.Options.Add(CliCommon.Verbose);
        root.Subcommands.Add(TokenizerCommand.Create());
        var previous = Console.Out;
        var writer = new StringWriter();
        Console.SetOut(writer);
        try
        {
            int code = CliCommon.Run(root, args);
            return (code, writer.ToString());
        }
        finally
        {
            Console.SetOut(previous);
        }
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void Encode_json_prints_ids_and_tokens(string addSpecial)
    {
        var dir = FixtureDir("llama2");
        const string text = "Hello world <s>!";
        var (code, output) = Run("tokenizer", "encode", "--tokenizer", dir, "--text", text, "--add_special_tokens", addSpecial, "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var ids = doc.RootElement.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        var tokens = doc.RootElement.GetProperty("tokens").EnumerateArray().Select(x => x.GetString()!).ToArray();
        var expected = Tokenizer.Load(dir).Encode(text, addSpecial == "true");
        Assert.Equal(expected.Ids, ids);
        Assert.Equal(expected.Tokens, tokens);
        Assert.Equal(addSpecial == "true", ids[0] == 1);
        Assert.Contains("▁Hello", tokens);
    }

    [Fact]
    public void Fertility_json_compares_two_tokenizers()
    {
        var input = Path.Combine(Path.GetTempPath(), "sharptune-fertility-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(input, "Hello world, this is English.\nภาษาไทยง่ายนิดเดียว 🦙\n你好，世界\n");
        try
        {
            var (code, output) = Run("tokenizer", "fertility", "--tokenizer", FixtureDir("llama2"), "--input", input,
                "--compare", FixtureDir("qwen3"), "--json");
            Assert.Equal(0, code);
            using var doc = JsonDocument.Parse(output);
            var before = doc.RootElement.GetProperty("before");
            Assert.Equal(3, before.GetProperty("lines").GetInt32());
            Assert.True(before.GetProperty("byte_fallback_tokens").GetInt64() > 0);
            Assert.Equal(0, doc.RootElement.GetProperty("after").GetProperty("byte_fallback_tokens").GetInt64());
            Assert.True(doc.RootElement.GetProperty("token_ratio").GetDouble() < 1);
        }
        finally
        {
            File.Delete(input);
        }
    }

    [Fact]
    public void Missing_tokenizer_folder_fails_with_one_line()
    {
        var previous = Console.Error;
        var err = new StringWriter();
        Console.SetError(err);
        try
        {
            var (code, _) = Run("tokenizer", "encode", "--tokenizer", "/nonexistent/tok", "--text", "x");
            Assert.Equal(1, code);
            Assert.Contains("/nonexistent/tok", err.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }
}
