using System.CommandLine;
using SharpTune.Cli;
using SharpTune.Cli.Commands;
using SharpTune.Core.Native;

if (Program.RunsModels(args))
{
    try { MallocPreload.RestartIfUseful(); }                                      // returns unless it cannot restart
    catch (Exception e) when (e is ArgumentException or InvalidOperationException)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 1;
    }
}
return Program.Run(args);

/// <summary>The `sharptune` entry point; <see cref="Run"/> is also what the CLI tests call in-process.</summary>
internal static partial class Program
{
    /// <summary>The commands that compute with libtorch, for which the process restarts with tcmalloc (MallocPreload).</summary>
    static readonly HashSet<string> ModelCommands = ["train", "bench", "eval", "predict", "generate", "chat", "api", "experiment"];

    public static bool RunsModels(string[] args) => args.FirstOrDefault(a => !a.StartsWith('-')) is { } c && ModelCommands.Contains(c);

    public static int Run(string[] args)
    {
        var root = new RootCommand("SharpTune: fine-tune, evaluate and serve Hugging Face LLMs from .NET.");
        root.Options.Add(CliCommon.Verbose);
        foreach (var command in new[]
                 {
                     GenerateCommand.Create(),
                     ConvertCommand.Create(),
                     TokenizerCommand.Create(),
                     ScoreCommand.Create(),
                     BenchCommand.Create(),
                     TrainCommand.Create(),
                     EvalCommands.Predict(),
                     EvalCommands.Eval(),
                     ChatCommand.Create(),
                     EstimateCommand.Create(),
                     ExportCommand.Create(),
                     ExportJobCommand.Create(),
                     InspectCommand.Create(),
                     ArenaCommand.Create(),
                     AbCommand.Create(),
                     ApiCommand.Create(),
                     DataCommand.Create(),
                     ExperimentCommand.Create(),
                 })
        {
            root.Subcommands.Add(command);
        }
        return CliCommon.Run(root, args);
    }
}
