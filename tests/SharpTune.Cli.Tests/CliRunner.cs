using System.CommandLine;

namespace SharpTune.Cli.Tests;

/// <summary>Runs `sharptune` in-process and captures stdout / stderr (tests using it share one collection).</summary>
internal static class CliRunner
{
    static readonly object Gate = new();

    public static (int Exit, string Out, string Err) Run(params string[] args) => RunWithInput("", args);

    /// <summary>Like <see cref="Run"/>, with <paramref name="input"/> as standard input.</summary>
    public static (int Exit, string Out, string Err) RunWithInput(string input, params string[] args)
    {
        lock (Gate)
        {
            var (oldOut, oldErr, oldIn) = (Console.Out, Console.Error, Console.In);
            Console.SetIn(new StringReader(input));
            var o = new StringWriter();
            var e = new StringWriter();
            Console.SetOut(o);
            Console.SetError(e);
            try { return (Program.Run(args), o.ToString(), e.ToString()); }
            finally { Console.SetOut(oldOut); Console.SetError(oldErr); Console.SetIn(oldIn); }
        }
    }

    public static string RepoRoot { get; } = FindRoot();

    static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d != null && !File.Exists(Path.Combine(d.FullName, "SharpTune.sln"))) d = d.Parent;
        return d?.FullName ?? throw new DirectoryNotFoundException("SharpTune.sln not found");
    }
}
