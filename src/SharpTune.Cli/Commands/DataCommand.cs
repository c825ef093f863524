using System.CommandLine;
using SharpTune.Core.Evaluation;
using SharpTune.Text.Curation;
using SharpTune.Text.Curation.Dedup;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune data score | filter | dedup | stats | shots | langid`: parsing only; the work is in SharpTune.Text.Curation.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var cmd = new Command("data", "Curate training data: quality scores with reasons, keep the best, deduplicate, k-shot prompts.");
        cmd.Subcommands.Add(Curate("score", "Write every record with all its scores, its combined score and its reasons.", CurateMode.Score));
        cmd.Subcommands.Add(Curate("filter", "Keep the records that pass the hard rules (and the selection); write the dropped ones with their reasons.", CurateMode.Filter));
        cmd.Subcommands.Add(Curate("dedup", "Remove exact (normalised) and, with --near_dup, MinHash near duplicates.", CurateMode.Dedup));
        cmd.Subcommands.Add(DataStatsCommand.Create());
        cmd.Subcommands.Add(DataShotsCommand.Create());
        cmd.Subcommands.Add(DataLangidCommand.Create());
        return cmd;
    }

    enum CurateMode { Score, Filter, Dedup }

    static Command Curate(string name, string description, CurateMode mode)
    {
        var io = new DataInputOptions();
        var lm = new DataModelOptions();
        var output = new Option<string?>("--output") { Description = mode == CurateMode.Score ? "Every record with its scores (JSONL; .json for an array; .gz compresses)." : "Kept records, every field as read, in input order." };
        var dropped = new Option<string?>("--dropped") { Description = "Dropped records with their scores and reasons." };
        var report = new Option<string?>("--report") { Description = "Folder for report.md and a PNG histogram per score." };
        var rules = new Option<string?>("--rules") { Description = "YAML overrides of the default rules (scorers: NAME: {enabled, threshold, hard, weight})." };
        var keepTop = new Option<double?>("--keep_top") { Description = "Keep this fraction (0–1] of each stratum, best combined score first." };
        var minScore = new Option<double?>("--min_score") { Description = "Keep records whose combined score is at least this." };
        var seed = new Option<int>("--seed") { Description = "Seed that orders ties.", DefaultValueFactory = _ => 42 };
        var dedupKey = new Option<string>("--dedup_key") { Description = "Exact duplicates by pair, source, target, either, or none.", DefaultValueFactory = _ => "pair" };
        var nearDup = new Option<bool>("--near_dup") { Description = "Also drop near duplicates (MinHash LSH over word 5-grams)." };
        var jaccard = new Option<double>("--jaccard") { Description = "Near-duplicate Jaccard threshold.", DefaultValueFactory = _ => 0.7 };
        var numPerm = new Option<int>("--num_perm") { Description = "MinHash permutations.", DefaultValueFactory = _ => 128 };
        var json = CliCommon.JsonOption();
        var cmd = new Command(name, description);
        io.AddTo(cmd);
        var options = mode == CurateMode.Dedup
            ? new Option[] { output, dropped, report, dedupKey, nearDup, jaccard, numPerm, json }
            : [output, dropped, report, rules, keepTop, minScore, seed, dedupKey, nearDup, jaccard, numPerm, json];
        foreach (var option in options) cmd.Options.Add(option);
        if (mode != CurateMode.Dedup) lm.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var (input, format) = io.Resolve(parse);
            string? rulesPath = mode == CurateMode.Dedup ? null : parse.GetValue(rules);
            using var model = mode == CurateMode.Dedup ? null : lm.Load(parse);
            var ruleSet = mode == CurateMode.Dedup ? new RuleSet { Scorers = [] }
                : rulesPath is null ? RuleSet.Default(format.Kind, model is not null) : RuleSetYaml.Load(rulesPath, format.Kind, model is not null);
            string key = parse.GetValue(dedupKey)!;
            var curation = new CurationOptions
            {
                Input = input,
                Format = format,
                Rules = ruleSet,
                Strata = Stratification.Parse(parse.GetValue(io.StratifyBy)),
                SkipInvalid = parse.GetValue(io.SkipInvalid),
                Dedup = key == "none" ? null : Enum.TryParse<DedupKey>(key, ignoreCase: true, out var k) ? k
                    : throw new ArgumentException($"--dedup_key must be pair, source, target, either or none, not '{key}'."),
                NearDuplicates = parse.GetValue(nearDup),
                NearDuplicateThreshold = parse.GetValue(jaccard),
                Permutations = parse.GetValue(numPerm),
                KeepTop = mode == CurateMode.Dedup ? null : parse.GetValue(keepTop),
                MinScore = mode == CurateMode.Dedup ? null : parse.GetValue(minScore),
                Seed = mode == CurateMode.Dedup ? 42 : parse.GetValue(seed),
                Output = parse.GetValue(output),
                Dropped = parse.GetValue(dropped),
                ReportDir = parse.GetValue(report),
                WriteAllWithScores = mode == CurateMode.Score,
                LanguageIdentifier = io.Identifier(parse),
                Model = model,
            };
            bool asJson = parse.GetValue(json);
            var summary = DataProgressView.Run(asJson, p => CurationRunner.Run(curation, p, new ScoreHistogramPlot()));
            if (asJson) CliCommon.WriteJson(new
            {
                summary.Total,
                summary.Kept,
                summary.Dropped,
                summary.Reasons,
                summary.FirstReasons,
                Groups = summary.Groups.ToDictionary(g => g.Key, g => new { total = g.Value.Total, kept = g.Value.Kept }),
                summary.Skipped,
                summary.Files,
            });
            else DataProgressView.PrintSummary(summary);
            return 0;
        });
        return cmd;
    }
}
