using System.CommandLine;
using SharpTune.Core.Configuration;
using SharpTune.Server.Arena;

namespace SharpTune.Cli.Commands;

/// <summary>
/// `sharptune arena --db F (--predictions NAME=FILE,… | --model_name_or_path M --adapters NAME=PATH,… --dataset D)
/// [--host H] [--port P]` serves the blind pairwise page;
/// `arena report (--db F | --votes FILE) [--json]`, `arena plan --p0 --p1 [--alpha] [--power] [--json]`,
/// `arena export --db F --output FILE`, `arena import --db F --votes FILE` (FastChat battle logs). Parsing only.
/// </summary>
internal static class ArenaCommand
{
    public static Command Create()
    {
        var db = new Option<string?>("--db") { Description = "SQLite file for items, battles and votes (created if missing)." };
        var predictions = new Option<string?>("--predictions") { Description = "NAME=generated_predictions.jsonl,NAME=… (LLaMA-Factory predictions over the same prompts)." };
        var model = new Option<string?>("--model_name_or_path") { Description = "Model mode: the base model folder; answers are generated first." };
        var adapters = new Option<string?>("--adapters") { Description = "Model mode: NAME=ADAPTER_DIR,… (NAME=base for the model alone)." };
        var dataset = new Option<string?>("--dataset") { Description = "Model mode: dataset name(s) in dataset_info.json whose prompts are answered." };
        var datasetDir = new Option<string>("--dataset_dir") { Description = "Model mode: folder with dataset_info.json (default data).", DefaultValueFactory = _ => "data" };
        var template = new Option<string?>("--template") { Description = "Model mode: chat template (inferred when omitted)." };
        var maxSamples = new Option<int?>("--max_samples") { Description = "Model mode: at most this many prompts." };
        var maxNew = new Option<int>("--max_new_tokens") { Description = "Model mode: tokens per answer (default 128).", DefaultValueFactory = _ => 128 };
        var host = new Option<string>("--host") { Description = "Address to bind (default 127.0.0.1, this machine only).", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "TCP port (default 7860; 0 picks a free one).", DefaultValueFactory = _ => 7860 };
        var cmd = new Command("arena", "Blind pairwise judgement of models' answers in a web page, with Bradley–Terry ratings.");
        foreach (var o in new Option[] { db, predictions, model, adapters, dataset, datasetDir, template, maxSamples, maxNew, host, port }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            string dbPath = p.GetValue(db) ?? throw new ArgumentException("arena needs --db FILE (where votes are stored)");
            string? pairs = p.GetValue(predictions), modelPath = p.GetValue(model);
            if (pairs is null && modelPath is null)
                throw new ArgumentException("arena needs --predictions NAME=FILE,NAME=FILE or --model_name_or_path M --adapters NAME=PATH,NAME=PATH --dataset D");
            return ArenaRunner.Serve(new ArenaServeOptions
            {
                DbPath = dbPath,
                Predictions = pairs is null ? [] : ArenaPredictions.ParsePairs("--predictions", pairs),
                Model = modelPath is null ? null : new ModelArguments { ModelNameOrPath = modelPath },
                Adapters = modelPath is null ? [] : ArenaPredictions.ParsePairs("--adapters", p.GetValue(adapters) ?? throw new ArgumentException("--model_name_or_path needs --adapters NAME=PATH,NAME=PATH")),
                Data = new DataArguments
                {
                    Dataset = (p.GetValue(dataset) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    DatasetDir = p.GetValue(datasetDir)!, Template = p.GetValue(template), MaxSamples = p.GetValue(maxSamples),
                },
                Generating = new GeneratingArguments { MaxNewTokens = p.GetValue(maxNew) },
                Host = p.GetValue(host)!, Port = p.GetValue(port),
            }, line => { Console.Out.WriteLine(line); Console.Out.Flush(); });
        });
        cmd.Subcommands.Add(Report());
        cmd.Subcommands.Add(Plan());
        cmd.Subcommands.Add(Export());
        cmd.Subcommands.Add(Import());
        return cmd;
    }

    static Command Report()
    {
        var db = new Option<string?>("--db") { Description = "The arena database." };
        var votes = new Option<string?>("--votes") { Description = "A FastChat battle log (JSON array or JSON lines) instead of a database." };
        var rounds = new Option<int>("--bootstrap") { Description = "Bootstrap rounds for the intervals (default 100).", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Bootstrap seed (default 0).", DefaultValueFactory = _ => 0 };
        var json = CliCommon.JsonOption();
        var cmd = new Command("report", "Ratings, win rates, head-to-head tests and rater agreement of the votes.");
        foreach (var o in new Option[] { db, votes, rounds, seed, json }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            var report = ArenaRunner.Report(p.GetValue(db), p.GetValue(votes), p.GetValue(rounds), p.GetValue(seed));
            if (p.GetValue(json)) CliCommon.WriteJson(report);
            else Console.Out.WriteLine(ArenaReportText.Format(report));
            return 0;
        });
        return cmd;
    }

    static Command Plan()
    {
        var p0 = new Option<double>("--p0") { Description = "Win rate under the null (default 0.5).", DefaultValueFactory = _ => 0.5 };
        var p1 = new Option<double>("--p1") { Description = "Win rate to detect.", Required = true };
        var alpha = new Option<double>("--alpha") { Description = "Two-sided significance level (default 0.05).", DefaultValueFactory = _ => 0.05 };
        var power = new Option<double>("--power") { Description = "Power (default 0.8).", DefaultValueFactory = _ => 0.8 };
        var json = CliCommon.JsonOption();
        var cmd = new Command("plan", "How many decisive votes tell win rate p1 from p0.");
        foreach (var o in new Option[] { p0, p1, alpha, power, json }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            var plan = ArenaRunner.Plan(p.GetValue(p0), p.GetValue(p1), p.GetValue(alpha), p.GetValue(power));
            if (p.GetValue(json)) CliCommon.WriteJson(new { p0 = plan.P0, p1 = plan.P1, alpha = plan.Alpha, power = plan.Power, votes_needed = plan.VotesNeeded, per_arm_ab = plan.PerArmAb });
            else Console.Out.WriteLine(plan.Format());
            return 0;
        });
        return cmd;
    }

    static Command Export()
    {
        var db = new Option<string>("--db") { Description = "The arena database.", Required = true };
        var output = new Option<string>("--output") { Description = "Battle-log file to write (FastChat's JSON array).", Required = true };
        var cmd = new Command("export", "Write the votes as a FastChat battle log.");
        cmd.Options.Add(db);
        cmd.Options.Add(output);
        cmd.SetAction(p =>
        {
            int n = ArenaRunner.Export(p.GetValue(db)!, p.GetValue(output)!);
            Console.Out.WriteLine($"wrote {n} votes to {p.GetValue(output)}");
            return 0;
        });
        return cmd;
    }

    static Command Import()
    {
        var db = new Option<string>("--db") { Description = "The arena database (created if missing).", Required = true };
        var votes = new Option<string>("--votes") { Description = "A FastChat battle log (JSON array or JSON lines).", Required = true };
        var cmd = new Command("import", "Add the votes of a FastChat battle log to the database.");
        cmd.Options.Add(db);
        cmd.Options.Add(votes);
        cmd.SetAction(p =>
        {
            int n = ArenaRunner.Import(p.GetValue(db)!, p.GetValue(votes)!);
            Console.Out.WriteLine($"imported {n} votes into {p.GetValue(db)}");
            return 0;
        });
        return cmd;
    }
}
