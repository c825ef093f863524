using System.CommandLine;
using SharpTune.Cli;
using SharpTune.Cli.Commands;

var root = new RootCommand("SharpTune: fine-tune, evaluate and serve Hugging Face LLMs from .NET.");
root.Options.Add(CliCommon.Verbose);
foreach (var command in new[]
         {
             GenerateCommand.Create(),
             TokenizerGroup(),
         })
{
    root.Subcommands.Add(command);
}
return CliCommon.Run(root, args);

// Temporary `tokenizer` group for the train / expand commands (the lead reconciles it with the tokenizer group at merge).
static Command TokenizerGroup()
{
    var group = new Command("tokenizer", "Train, expand and use tokenizers.");
    group.Subcommands.Add(TokenizerTrainCommand.Create());
    group.Subcommands.Add(TokenizerExpandCommand.Create());
    return group;
}
