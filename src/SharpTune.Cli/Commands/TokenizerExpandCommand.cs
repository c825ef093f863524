using System.CommandLine;
using SharpTune.Text.Tokenization.Training;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune tokenizer expand`: add a new language's tokens to a BPE tokenizer, keeping every base id.</summary>
internal static class TokenizerExpandCommand
{
    public static Command Create()
    {
        var baseDir = new Option<string>("--base") { Description = "Base tokenizer folder (or tokenizer.json).", Required = true };
        var add = new Option<string>("--add") { Description = "Tokenizer folder / tokenizer.json to merge in, or a token list file (one per line).", Required = true };
        var output = new Option<string>("--output") { Description = "Output folder for the merged tokenizer.", Required = true };
        var json = CliCommon.JsonOption();
        var cmd = new Command("expand", "Expand a BPE tokenizer's vocabulary with another tokenizer or a token list.");
        foreach (var option in new Option[] { baseDir, add, output, json })
        {
            cmd.Options.Add(option);
        }

        cmd.SetAction(parse =>
        {
            var report = VocabularyExpander.Expand(parse.GetValue(baseDir)!, parse.GetValue(add)!, parse.GetValue(output)!);
            if (parse.GetValue(json))
            {
                CliCommon.WriteJson(report);
            }
            else
            {
                Console.WriteLine(report.Count == 0
                    ? "No tokens added."
                    : $"Added {report.Count} tokens (ids {report.FirstId}–{report.LastId}), {report.MergesAdded} merges; vocabulary {report.VocabSizeBefore} → {report.VocabSizeAfter}.");
                if (report.Skipped.Count > 0) Console.WriteLine($"Skipped {report.Skipped.Count} (see expansion_report.json).");
            }

            return 0;
        });
        return cmd;
    }
}
