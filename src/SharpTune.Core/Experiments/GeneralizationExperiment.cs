using System.Text.Json.Nodes;

namespace SharpTune.Core.Experiments;

/// <summary>
/// generalization: SFT (full fine-tuning: see ExperimentRecipes.FullSft) on the translation families only, evaluated on the task families it never saw (langid,
/// first_words in quickstart_tasks_test), against the base model and against SFT on every family.
/// </summary>
public sealed class GeneralizationExperiment : IExperiment
{
    public string Name => "generalization";

    public string Question => "Does instruction tuning on some task families make the model better at task families it never saw in training?";

    const string Test = "quickstart_tasks_test";
    static readonly string[] Seen = ["translate_bible", "translate_ui"];

    public ExperimentReport Run(ExperimentContext ctx)
    {
        var b = Budget.For(ctx.Settings.Quick, fullSteps: 150);
        var data = new ExperimentData(ctx.Settings);
        var rows = data.ReadJsonl("quickstart_sft");
        string seenOnly = data.Add("sft_translation_only", rows.Where(r => Seen.Contains(r["family"]?.GetValue<string>())).Select(r => (JsonObject)r.DeepClone()));
        var families = data.ReadJsonl(Test).Select(r => r["family"]?.GetValue<string>() ?? "?").ToList();
        var heldOut = new List<RunOutcome>();
        var all = new List<RunOutcome>();
        foreach (long seed in ctx.Settings.Seeds(b.Seeds))
        {
            var c = ExperimentRecipes.WithPredict(ExperimentRecipes.FullSft(b, seed, seenOnly), b, Test, compareWithBase: true);
            c["dataset_dir"] = data.Dir;
            c["max_new_tokens"] = Math.Min(b.MaxNewTokens, ShotsExperiment.ShortAnswerTokens).ToString(System.Globalization.CultureInfo.InvariantCulture);
            heldOut.Add(ctx.Train($"translation-only-seed{seed}", c));
            var a = ExperimentRecipes.WithPredict(ExperimentRecipes.FullSft(b, seed), b, Test);
            a["max_new_tokens"] = c["max_new_tokens"];
            foreach (var run in new[] { c, a }) run["repetition_penalty"] = "1.0";   // short answers are made of prompt tokens
            all.Add(ctx.Train($"all-families-seed{seed}", a));
        }
        return Analyse(ctx.Settings.OutputDir, heldOut, all, families, b);
    }

    public ExperimentReport Analyse(string outputDir, IReadOnlyList<RunOutcome> heldOut, IReadOnlyList<RunOutcome> all, IReadOnlyList<string> families, Budget b)
    {
        var basePredictions = heldOut[0].BasePredictions;
        var names = families.Take(basePredictions.Count).Distinct().Order().ToList();
        IReadOnlyList<double> Acc(IReadOnlyList<RunOutcome> runs, string? family) => runs.Select(r => Accuracy(r.Predictions, families, family)).ToList();
        double baseAll = Accuracy(basePredictions, families, null);
        var rowsOut = new List<IReadOnlyList<string>> { Row("base (pre-trained only)", [baseAll], names.Select(f => (IReadOnlyList<double>)[Accuracy(basePredictions, families, f)]).ToList(), [FormatCheck.Rate(basePredictions)]) };
        rowsOut.Add(Row("SFT on translation only (langid, first_words unseen)", Acc(heldOut, null), names.Select(f => Acc(heldOut, f)).ToList(), heldOut.Select(r => FormatCheck.Rate(r.Predictions)).ToList()));
        rowsOut.Add(Row("SFT on all four families (seen)", Acc(all, null), names.Select(f => Acc(all, f)).ToList(), all.Select(r => FormatCheck.Rate(r.Predictions)).ToList()));
        var table = new ReportTable($"Exact-match accuracy on {Test} ({basePredictions.Count} prompts of families the translation-only model never trained on)",
            ["model", "accuracy", .. names.Select(n => n + " accuracy"), "format-following"], rowsOut);
        string plot = ExperimentPlot.Bars(outputDir, "accuracy.png", "exact-match accuracy on the held-out task families", "accuracy",
            [new PlotBar("base", baseAll, baseAll, baseAll), ExperimentPlot.Of("SFT, families unseen", Acc(heldOut, null)), ExperimentPlot.Of("SFT, families seen", Acc(all, null))]);
        return new ExperimentReport
        {
            Name = Name,
            Question = Question,
            Setup =
            [
                "Base: the bundled base model (or model_name_or_path). Held-out families: langid and first_words; the translation-only SFT trains on translate_bible + translate_ui rows of quickstart_sft only",
                $"Budget: {b.Steps} steps × batch {b.BatchSize}, {b.Seeds} seed(s); full fine-tuning (lr 1e-3, cosine); greedy, no repetition penalty, max_new_tokens {Math.Min(b.MaxNewTokens, ShotsExperiment.ShortAnswerTokens)}",
                "Accuracy: exact match after trimming, lower-casing and dropping end punctuation (Answers); format: " + PretrainVsSftExperiment.FormatCheckRule,
            ],
            Tables = [table],
            Plots = [plot],
            Verdicts =
            [
                Verdict.Compare("SFT on other families beats the base on unseen families (exact-match accuracy, %)", Acc(heldOut, null).Select(x => x * 100).ToList(), [baseAll * 100]),
                Verdict.Compare("training on the families themselves beats training on other families (accuracy, %)", Acc(all, null).Select(x => x * 100).ToList(), Acc(heldOut, null).Select(x => x * 100).ToList()),
            ],
            Caveats =
            [
                "Two held-out families and a 1.7M-parameter model: \"generalisation\" here means following a new instruction's answer format, not reasoning.",
                "The base model's greedy answers are deterministic: its side has no spread.",
                ExperimentRecipes.FullSftCaveat,
            ],
            Results = new
            {
                @base = new { accuracy = baseAll, by_family = names.ToDictionary(f => f, f => Accuracy(basePredictions, families, f)) },
                translation_only = heldOut.Select(r => new { run = r.Id, accuracy = Accuracy(r.Predictions, families, null), by_family = names.ToDictionary(f => f, f => Accuracy(r.Predictions, families, f)), format_rate = FormatCheck.Rate(r.Predictions) }),
                all_families = all.Select(r => new { run = r.Id, accuracy = Accuracy(r.Predictions, families, null), by_family = names.ToDictionary(f => f, f => Accuracy(r.Predictions, families, f)), format_rate = FormatCheck.Rate(r.Predictions) }),
            },
        };
    }

    static double Accuracy(IReadOnlyList<Evaluation.Prediction> p, IReadOnlyList<string> families, string? family) =>
        Answers.Accuracy(p.Zip(families).Where(x => family is null || x.Second == family).Select(x => x.First));

    static IReadOnlyList<string> Row(string label, IReadOnlyList<double> acc, IReadOnlyList<IReadOnlyList<double>> perFamily, IReadOnlyList<double> format) =>
        [label, Cells.MeanSpread(acc.Select(x => x * 100).ToList(), "%", "0.#"), .. perFamily.Select(f => Cells.MeanSpread(f.Select(x => x * 100).ToList(), "%", "0.#")), Cells.MeanSpread(format.Select(x => x * 100).ToList(), "%", "0.#")];
}
