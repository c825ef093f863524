using System.CommandLine;
using System.Diagnostics;
using SharpTune.Text.Tokenization.Training;
using Spectre.Console;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune tokenizer train`: train a BPE tokenizer and write tokenizer.json + tokenizer_config.json.</summary>
internal static class TokenizerTrainCommand
{
    public static Command Create()
    {
        var input = new Option<string[]>("--input") { Description = "UTF-8 text files, one sequence per line.", Required = true, AllowMultipleArgumentsPerToken = true };
        var vocabSize = new Option<int>("--vocab_size") { Description = "Vocabulary size (special and byte tokens included).", DefaultValueFactory = _ => 8000 };
        var model = new Option<string>("--model") { Description = "bpe (SentencePiece-style metaspace) or bpe-bytelevel.", DefaultValueFactory = _ => "bpe" };
        var minFrequency = new Option<int>("--min_frequency") { Description = "Do not merge pairs seen fewer times." };
        var limitAlphabet = new Option<int?>("--limit_alphabet") { Description = "Keep at most this many characters (metaspace)." };
        var specialTokens = new Option<string?>("--special_tokens") { Description = "Comma-separated special tokens (first ids)." };
        var output = new Option<string>("--output") { Description = "Output folder.", Required = true };
        var json = CliCommon.JsonOption();
        var cmd = new Command("train", "Train a BPE tokenizer (metaspace or byte-level) on text files.");
        foreach (var option in new Option[] { input, vocabSize, model, minFrequency, limitAlphabet, specialTokens, output, json })
        {
            cmd.Options.Add(option);
        }

        cmd.SetAction(parse =>
        {
            var options = new BpeTrainerOptions
            {
                VocabSize = parse.GetValue(vocabSize),
                Kind = BpeTrainerOptions.ParseModelKind(parse.GetValue(model)!),
                MinFrequency = parse.GetValue(minFrequency),
                LimitAlphabet = parse.GetValue(limitAlphabet),
                SpecialTokens = BpeTrainerOptions.ParseSpecialTokens(parse.GetValue(specialTokens)),
            };
            string outDir = parse.GetValue(output)!;
            var files = parse.GetValue(input)!;
            var clock = Stopwatch.StartNew();
            BpeTrainingResult result;
            if (parse.GetValue(json))
            {
                result = BpeTrainer.TrainFiles(files, options);
            }
            else
            {
                result = AnsiConsole.Progress().Start(ctx =>
                {
                    var task = ctx.AddTask($"BPE {options.Kind}, vocab {options.VocabSize}", maxValue: 1);
                    var progress = new Progress<BpeTrainProgress>(p =>
                    {
                        task.Description = $"BPE {options.Kind}: {p.Stage}";
                        task.Value = p.Total == 0 ? 0 : (double)p.Done / p.Total;
                    });
                    return BpeTrainer.TrainFiles(files, options, progress);
                });
            }

            BpeTrainer.Save(result, outDir);
            var summary = new
            {
                output = outDir,
                model = options.Kind == BpeModelKind.Metaspace ? "bpe" : "bpe-bytelevel",
                vocab_size = result.Vocab.Count,
                merges = result.Merges.Count,
                distinct_words = result.DistinctWords,
                seconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
            };
            if (parse.GetValue(json)) CliCommon.WriteJson(summary);
            else Console.WriteLine($"Wrote {Path.Combine(outDir, "tokenizer.json")}: {summary.vocab_size} tokens, {summary.merges} merges, {summary.seconds} s.");
            return 0;
        });
        return cmd;
    }
}
