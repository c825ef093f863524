using System.CommandLine;
using System.Text.Json;
using SharpTune.Cli.Commands;

namespace SharpTune.Cli.Tests.Commands;

/// <summary>Tests that redirect Console.Out/Err share this collection and never run in parallel.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>`sharptune score` run in-process through a RootCommand, stdout / stderr captured.</summary>
[Collection("Console")]
public sealed class ScoreCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sharptune-score-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, params string[] lines)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private static (int Code, string Out, string Err) Invoke(params string[] args)
    {
        var root = new RootCommand("test");
        root.Options.Add(CliCommon.Verbose);
        root.Subcommands.Add(ScoreCommand.Create());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int code = CliCommon.Run(root, args);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    [Fact]
    public void Score_json_prints_sacrebleu_numbers_and_signature()
    {
        string hyp = Write("hyp.txt", "The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");
        string r1 = Write("r1.txt", "The dog bit the man.", "It was not unexpected.", "The man bit him first.");
        string r2 = Write("r2.txt", "The dog had bit the man.", "No one was surprised.", "The man had bitten the dog.");

        var (code, output, error) = Invoke("score", "--metric", "bleu", "--hyp", hyp, "--ref", r1, "--ref", r2, "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("bleu", root.GetProperty("metric").GetString());
        Assert.Equal(48.530827, root.GetProperty("score").GetDouble(), 6);
        Assert.Equal("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0", root.GetProperty("signature").GetString());
        Assert.Equal([14, 7, 5, 3], root.GetProperty("counts").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([17, 14, 11, 8], root.GetProperty("totals").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(17, root.GetProperty("sys_len").GetInt32());
        Assert.Equal(18, root.GetProperty("ref_len").GetInt32());
    }

    [Fact]
    public void Score_chrf_prints_a_readable_line()
    {
        string f = Write("same.txt", "Niemand hat die Absicht, eine Mauer zu errichten");
        var (code, output, _) = Invoke("score", "--metric", "chrf++", "--hyp", f, "--ref", f);
        Assert.Equal(0, code);
        Assert.StartsWith("chrF2++ = 100.00 nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Different_line_counts_fail_with_one_line_naming_both_files()
    {
        string hyp = Write("hyp.txt", "a", "b", "c");
        string reference = Write("ref.txt", "a", "b");
        var (code, output, error) = Invoke("score", "--metric", "bleu", "--hyp", hyp, "--ref", reference);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"error: Hypothesis file '{hyp}' has 3 lines but reference file '{reference}' has 2 lines.",
            error.TrimEnd('\n', '\r'));
    }
}
