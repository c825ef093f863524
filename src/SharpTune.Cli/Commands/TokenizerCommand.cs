using System.CommandLine;
using SharpTune.Text.Tokenization;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune tokenizer encode | fertility | train | expand`.</summary>
internal static class TokenizerCommand
{
    public static Command Create()
    {
        var cmd = new Command("tokenizer", "Train, expand, inspect and measure Hugging Face tokenizers (tokenizer.json).");
        foreach (var sub in new[]
                 {
                     Encode(),
                     Fertility(),
                     TokenizerTrainCommand.Create(),
                     TokenizerExpandCommand.Create(),
                 })
        {
            cmd.Subcommands.Add(sub);
        }
        return cmd;
    }

    private static Option<string> TokenizerOption() =>
        new("--tokenizer") { Description = "Tokenizer folder (tokenizer.json[.gz] or tokenizer.model) or file.", Required = true };

    private static Command Encode()
    {
        var tokenizer = TokenizerOption();
        var text = new Option<string>("--text") { Description = "Text to encode.", Required = true };
        var addSpecial = new Option<bool>("--add_special_tokens")
        {
            Description = "Apply the post-processor template (BOS/EOS); true or false.",
            DefaultValueFactory = _ => true,
        };
        var json = CliCommon.JsonOption();
        var cmd = new Command("encode", "Encode a text and print its token ids and tokens.");
        foreach (var o in new Option[] { tokenizer, text, addSpecial, json }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var enc = Tokenizer.Load(parse.GetValue(tokenizer)!).Encode(parse.GetValue(text)!, parse.GetValue(addSpecial));
            if (parse.GetValue(json)) CliCommon.WriteJson(new { ids = enc.Ids, tokens = enc.Tokens });
            else
            {
                Console.Out.WriteLine("ids:    " + string.Join(' ', enc.Ids));
                Console.Out.WriteLine("tokens: " + string.Join(' ', enc.Tokens));
            }
            return 0;
        });
        return cmd;
    }

    private static Command Fertility()
    {
        var tokenizer = TokenizerOption();
        var input = new Option<string>("--input") { Description = "UTF-8 text file, measured line by line.", Required = true };
        var compare = new Option<string?>("--compare") { Description = "A second tokenizer to compare against (after)." };
        var json = CliCommon.JsonOption();
        var cmd = new Command("fertility", "Tokens per character / word / line, byte-fallback and unknown share.");
        foreach (var o in new Option[] { tokenizer, input, compare, json }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            string path = parse.GetValue(input)!, first = parse.GetValue(tokenizer)!;
            var before = FertilityReport.MeasureFile(Tokenizer.Load(first), path, first);
            object result = before;
            string textOut = before.ToText();
            if (parse.GetValue(compare) is { } second)
            {
                var comparison = new FertilityComparison(before, FertilityReport.MeasureFile(Tokenizer.Load(second), path, second));
                result = comparison;
                textOut = comparison.ToText();
            }
            if (parse.GetValue(json)) CliCommon.WriteJson(result);
            else Console.Out.WriteLine(textOut);
            return 0;
        });
        return cmd;
    }
}
