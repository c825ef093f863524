using System.CommandLine;
using SharpTune.Core.Configuration;
using SharpTune.Core.Generation;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune generate`: decode from a prompt or from token ids.</summary>
internal static class GenerateCommand
{
    public static Command Create() => LfCommand.Create(
        "generate",
        "Generate a continuation with a model (and adapters). Greedy unless --do_sample true.",
        [typeof(ModelArguments), typeof(GeneratingArguments)],
        [
            new("prompt", "Prompt text (needs a tokenizer in the model folder)."),
            new("input_ids", "Prompt token ids, comma-separated (e.g. 1,2,3)."),
            new("json", "Print one JSON object {\"output_ids\": [[...]], \"text\": [...]}."),
        ],
        Run);

    static int Run(ArgumentSet args)
    {
        var model = args.Bind<ModelArguments>();
        var gen = args.Bind<GeneratingArguments>();
        bool json = args.Get("json") is { } j && j != "false";
        var request = new GenerateRequest(model, gen, args.Get("prompt"), args.Get("input_ids"));
        var result = GenerateRunner.Run(request);
        if (json) CliCommon.WriteJson(new { output_ids = result.OutputIds, text = result.Text });
        else Console.Out.WriteLine(result.Text is { } t ? string.Join("\n", t) : string.Join("\n", result.OutputIds.Select(r => string.Join(",", r))));
        return 0;
    }
}
