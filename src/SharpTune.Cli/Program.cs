using System.CommandLine;
using SharpTune.Cli;
using SharpTune.Cli.Commands;

var root = new RootCommand("SharpTune: fine-tune, evaluate and serve Hugging Face LLMs from .NET.");
root.Options.Add(CliCommon.Verbose);
foreach (var command in new[]
         {
             GenerateCommand.Create(),
             TokenizerCommand.Create(),
         })
{
    root.Subcommands.Add(command);
}
return CliCommon.Run(root, args);
