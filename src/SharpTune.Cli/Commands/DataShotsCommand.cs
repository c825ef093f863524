using System.CommandLine;
using SharpTune.Text.Curation;
using SharpTune.Text.Templates;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune data shots`: prompts with K solved examples from a pool (KShotPromptBuilder).</summary>
internal static class DataShotsCommand
{
    public static Command Create()
    {
        var io = new DataInputOptions();
        var pool = new Option<string>("--pool") { Description = "Solved examples to draw shots from (same format as --input).", Required = true };
        var numShots = new Option<int>("--num_shots") { Description = "Shots per prompt.", DefaultValueFactory = _ => 1 };
        var selection = new Option<string>("--shot_selection") { Description = "random, similar (BM25) or fixed (the first pool entries).", DefaultValueFactory = _ => "random" };
        var template = new Option<string?>("--template") { Description = "Chat template for the rendered prompt (default: inline text)." };
        var seed = new Option<int>("--seed") { Description = "Seed of random selection.", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--output") { Description = "Records with \"messages\" and \"prompt\" (JSONL).", Required = true };
        var json = CliCommon.JsonOption();
        var cmd = new Command("shots", "Write k-shot prompts: each record with K solved examples from a pool, never itself or a duplicate of it.");
        io.AddTo(cmd);
        foreach (var o in new Option[] { pool, numShots, selection, template, seed, output, json }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var (input, format) = io.Resolve(parse);
            var chat = parse.GetValue(template) is { } t ? ChatTemplates.Get(t) : null;
            long n = ShotsRunner.Run(input, parse.GetValue(pool)!, format, parse.GetValue(numShots), KShotPromptBuilder.ParseSelection(parse.GetValue(selection)!),
                parse.GetValue(seed), chat, parse.GetValue(output)!);
            if (parse.GetValue(json)) CliCommon.WriteJson(new { records = n, output = parse.GetValue(output) });
            else Console.Out.WriteLine($"wrote {n:N0} prompts to {parse.GetValue(output)}");
            return 0;
        });
        return cmd;
    }
}
