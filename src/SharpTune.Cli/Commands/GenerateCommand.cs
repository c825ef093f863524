using System.CommandLine;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune generate`: placeholder wiring until the model lands (see issue 2).</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var cmd = new Command("generate", "Generate text from a model.");
        return cmd;
    }
}
