using System.CommandLine;
using SharpTune.Core.Configuration;
using SharpTune.Core.Evaluation;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune predict` (generate + BLEU/chrF/ROUGE) and `sharptune eval` (loss / perplexity) on a dataset.</summary>
internal static class EvalCommands
{
    public static Command Predict() => LfCommand.Create(
        "predict",
        "Generate for a dataset and score against its responses (greedy unless do_sample); writes generated_predictions.jsonl and predict_results.json.",
        [typeof(ModelArguments), typeof(DataArguments), typeof(GeneratingArguments)],
        [new("output_dir", "Where to write the predictions."), new("per_device_eval_batch_size", "Prompts per batch (left-padded)."), new("json", "Print the scores as JSON.")],
        args =>
        {
            string output = args.Get("output_dir") ?? throw new ArgumentException("output_dir is required");
            int batch = int.TryParse(args.Get("per_device_eval_batch_size"), out var b) && b > 0 ? b : 8;
            var r = EvalRunner.Predict(args.Bind<ModelArguments>(), args.Bind<DataArguments>(), args.Bind<GeneratingArguments>(), output, batch,
                new Progress<int>(n => Console.Error.Write($"\rpredicted {n}")));
            Console.Error.WriteLine();
            if (args.Get("json") is { } j && j != "false") CliCommon.WriteJson(r.Scores);
            else Console.Out.WriteLine($"wrote {r.Predictions.Count} predictions to {output}");
            return 0;
        });

    public static Command Eval() => LfCommand.Create(
        "eval",
        "Loss and perplexity of a model (+ adapters) on a dataset.",
        [typeof(ModelArguments), typeof(DataArguments)],
        [new("stage", "sft (template, responses only) or pt (raw text)."), new("per_device_eval_batch_size", "Examples per batch."), new("json", "Print JSON.")],
        args =>
        {
            int batch = int.TryParse(args.Get("per_device_eval_batch_size"), out var b) && b > 0 ? b : 8;
            var r = EvalRunner.Evaluate(args.Bind<ModelArguments>(), args.Bind<DataArguments>(), args.Get("stage") ?? "sft", batch);
            if (args.Get("json") is { } j && j != "false")
                CliCommon.WriteJson(new { eval_loss = r.Loss, perplexity = r.Perplexity, tokens = r.Tokens, examples = r.Examples });
            else Console.Out.WriteLine($"eval_loss {r.Loss:0.0000}  perplexity {r.Perplexity:0.00}  ({r.Tokens} tokens, {r.Examples} examples)");
            return 0;
        });
}
