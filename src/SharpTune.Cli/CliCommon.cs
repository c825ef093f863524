using System.CommandLine;
using System.Text.Json;

namespace SharpTune.Cli;

/// <summary>What every command shares: --json, --verbose, and turning exceptions into one clear line.</summary>
internal static class CliCommon
{
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Print stack traces on failure.",
        Recursive = true,
    };

    public static readonly JsonSerializerOptions JsonOut = new()
    {
        WriteIndented = false,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,        // one style for every --json output
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A fresh --json option (each command gets its own instance).</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "Print one machine-readable JSON object." };

    /// <summary>Runs the parsed command; any exception becomes one sentence on stderr and exit code 1.</summary>
    public static int Run(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        bool verbose = parse.GetValue(Verbose);
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            var inner = e is System.Reflection.TargetInvocationException { InnerException: { } ie } ? ie : e;
            Console.Error.WriteLine($"error: {inner.Message}");
            if (verbose) Console.Error.WriteLine(inner);
            return 1;
        }
    }

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOut));
}
