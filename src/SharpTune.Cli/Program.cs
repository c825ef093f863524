using System.CommandLine;
using SharpTune.Cli;
using SharpTune.Cli.Commands;

return Program.Run(args);

/// <summary>The `sharptune` entry point; <see cref="Run"/> is also what the CLI tests call in-process.</summary>
internal static partial class Program
{
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
                 })
        {
            root.Subcommands.Add(command);
        }
        return CliCommon.Run(root, args);
    }
}
