using System.CommandLine;
using SharpTune.Core.Configuration;
using SharpTune.Core.Peft;
using SharpTune.Core.Training;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune train CONFIG.yaml [key=value …]` or `--key value …` with LLaMA-Factory's argument names.</summary>
internal static class TrainCommand
{
    public static Command Create() => LfCommand.Create(
        "train",
        "Fine-tune a model (stage pt or sft; finetuning_type lora, full, freeze, prompt_tuning, prefix_tuning, adapter).",
        [typeof(ModelArguments), typeof(DataArguments), typeof(TrainingArguments), typeof(FinetuningOptions), typeof(GeneratingArguments)],
        [new("json", "Print the final metrics as one JSON object.")],
        Run);

    static int Run(ArgumentSet args)
    {
        var request = new TrainRequest(args.Bind<ModelArguments>(), args.Bind<DataArguments>(), args.Bind<TrainingArguments>(),
            args.Bind<FinetuningOptions>(), args.Bind<GeneratingArguments>());
        bool json = args.Get("json") is { } j && j != "false";
        if (!request.Training.DoTrain) throw new ArgumentException("do_train is false: nothing to do (use `sharptune predict` or `sharptune eval`)");
        var result = TrainingProgressView.Run(
            progress => TrainRunner.Run(request, progress, line => Console.Error.WriteLine(line)));
        if (json) CliCommon.WriteJson(result.Metrics);
        else
        {
            if (result.Comparison is { } comparison) ComparisonView.Write(comparison, result.OutputDir);
            Console.Out.WriteLine($"saved to {result.OutputDir}");
            foreach (var (k, v) in result.Metrics) Console.Out.WriteLine($"  {k,-26} {v:G6}");
        }
        return 0;
    }
}
