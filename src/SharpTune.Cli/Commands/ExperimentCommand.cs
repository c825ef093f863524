using System.CommandLine;
using System.Globalization;
using SharpTune.Core.Experiments;
using Spectre.Console;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune experiment NAME [--quick] [--output_dir runs/NAME] [--seed S] [key=value …]` and `sharptune experiment list`.</summary>
internal static class ExperimentCommand
{
    public static Command Create()
    {
        var args = new Argument<string[]>("args") { Description = "NAME (or list), then key=value overrides applied to every run (LLaMA-Factory names).", Arity = ArgumentArity.OneOrMore };
        var quick = new Option<bool>("--quick") { Description = "The same runs with tiny budgets (a smoke test, about a minute)." };
        var output = new Option<string?>("--output_dir") { Description = "Where report.md, results.json, configs/ and runs/ go (default runs/NAME)." };
        var seed = new Option<long>("--seed") { Description = "The first seed; repeated runs use the following ones.", DefaultValueFactory = _ => 42 };
        var json = CliCommon.JsonOption();
        var cmd = new Command("experiment", "Run one of the fine-tuning claims end to end and write a report (report.md, results.json, configs, plots).");
        cmd.Arguments.Add(args);
        foreach (var option in new Option[] { quick, output, seed, json }) cmd.Options.Add(option);
        cmd.SetAction(parse =>
        {
            var tokens = parse.GetValue(args)!;
            if (tokens[0] == "list") return List(parse.GetValue(json));
            var experiment = ExperimentCatalog.Find(tokens[0]);
            var overrides = new Dictionary<string, string>();
            foreach (var t in tokens.Skip(1))
            {
                int eq = t.IndexOf('=');
                if (eq <= 0) throw new ArgumentException($"argument '{t}' is not key=value (overrides are LLaMA-Factory keys, e.g. learning_rate=1e-3)");
                overrides[t[..eq].Replace('-', '_')] = t[(eq + 1)..];
            }
            string dir = parse.GetValue(output) ?? Path.Combine("runs", experiment.Name);
            long first = parse.GetValue(seed);
            var settings = new ExperimentSettings
            {
                OutputDir = dir,
                Quick = parse.GetValue(quick),
                Seed = first,
                Overrides = overrides,
                ModelNameOrPath = overrides.GetValueOrDefault("model_name_or_path") ?? "examples/models/sharptune-base",
                DatasetDir = overrides.GetValueOrDefault("dataset_dir") ?? "examples/data",
                Command = string.Join(" ", new[] { "sharptune experiment", experiment.Name, parse.GetValue(quick) ? "--quick" : null, $"--output_dir {dir}",
                    $"--seed {first.ToString(CultureInfo.InvariantCulture)}" }.Concat(tokens.Skip(1)).OfType<string>()),
            };
            bool asJson = parse.GetValue(json);
            var (report, path) = TrainingProgressView.Run(progress => ExperimentRunner.Run(experiment, settings, line => Console.Error.WriteLine(line), progress));
            if (asJson) CliCommon.WriteJson(new { name = report.Name, report = path, verdicts = report.Verdicts });
            else
            {
                var table = new Table().AddColumns("claim", "verdict", "rule");
                foreach (var v in report.Verdicts) table.AddRow(Markup.Escape(v.Claim), Markup.Escape(v.Outcome), Markup.Escape(v.Rule));
                AnsiConsole.Write(table);
                Console.Out.WriteLine($"wrote {path}");
            }
            return 0;
        });
        return cmd;
    }

    static int List(bool json)
    {
        if (json) CliCommon.WriteJson(ExperimentCatalog.All.Select(e => new { name = e.Name, question = e.Question }));
        else foreach (var e in ExperimentCatalog.All) Console.Out.WriteLine($"{e.Name,-18} {e.Question}");
        return 0;
    }
}
