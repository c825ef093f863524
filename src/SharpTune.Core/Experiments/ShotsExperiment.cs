using System.Globalization;
using System.Text.Json.Nodes;

namespace SharpTune.Core.Experiments;

/// <summary>
/// shots: 0 / 1 / 3 / 5 solved examples in the prompt at inference, chosen random / similar (BM25) / fixed from a pool
/// disjoint from the test set (the short-task rows of quickstart_sft), on a model trained with 0 shots (every selection)
/// and one trained with 1 shot (random selection);
/// exact-match accuracy, chrF and format failures, mean and spread over selection seeds.
/// </summary>
public sealed class ShotsExperiment : IExperiment
{
    public string Name => "shots";

    public string Question => "Does one in-prompt example beat zero and several, and does the way the examples are chosen matter?";

    const string Test = "quickstart_tasks_test";

    /// <summary>New tokens for the short-answer test (a language name, three words).</summary>
    public const int ShortAnswerTokens = 12;
    public static readonly int[] ShotCounts = [0, 1, 3, 5];
    public static readonly string[] Selections = ["random", "similar", "fixed"];

    /// <summary>One inference setting's predictions over selection seeds.</summary>
    public sealed record Cell(int TrainShots, int Shots, string Selection, IReadOnlyList<RunOutcome> Runs)
    {
        public IReadOnlyList<double> Accuracy => Runs.Select(r => Answers.Accuracy(r.Predictions)).ToList();
        public IReadOnlyList<double> Chrf => Runs.Select(r => r.Chrf).ToList();
        public IReadOnlyList<double> FormatFailures => Runs.Select(r => 1 - FormatCheck.Rate(r.Predictions)).ToList();
    }

    public ExperimentReport Run(ExperimentContext ctx)
    {
        var b = Budget.For(ctx.Settings.Quick, fullSteps: 150);
        var data = new ExperimentData(ctx.Settings);
        // the pool: short-answer training rows (shots of the same kinds as the test, never a test row: the test is held out of quickstart_sft)
        string pool = data.Add("shot_pool", data.ReadJsonl("quickstart_sft")
            .Where(r => r["family"]?.GetValue<string>() is "langid" or "first_words").Select(r => (JsonObject)r.DeepClone()));
        long seed0 = ctx.Settings.Seed;
        var cells = new List<Cell>();
        foreach (int trainShots in new[] { 0, 1 })
        {
            var c = ExperimentRecipes.FullSft(b, seed0, pool);   // the test's own task families: the mixed set's translations drown them
            c["dataset_dir"] = data.Dir;
            c["cutoff_len"] = "256";
            if (trainShots > 0) { c["num_shots"] = "1"; c["shot_pool"] = pool; c["shot_selection"] = "random"; }
            var trained = ctx.Train($"train-{trainShots}shot", c);
            foreach (int k in ShotCounts)
            foreach (string selection in k == 0 ? ["none"] : trainShots == 0 ? Selections : ["random"])
            {
                // 0 shots and the deterministic selections need one run; random selection gets one prompt set per seed
                var seeds = k == 0 || selection != "random" ? [seed0] : ctx.Settings.Seeds(Math.Max(b.Seeds, ctx.Settings.Quick ? 1 : 3));
                var runs = seeds.Select(seed =>
                {
                    var p = ExperimentRecipes.Predict(b, Test, adapter: null, seed);
                    p["model_name_or_path"] = trained.OutputDir;      // a fully fine-tuned model is its own folder
                    p["dataset_dir"] = data.Dir;
                    p["max_new_tokens"] = Math.Min(b.MaxNewTokens, ShortAnswerTokens).ToString(CultureInfo.InvariantCulture);
                    // no repetition penalty: it lowers every token already in the prompt, and a short answer is made of
                    // them (first_words copies the input; the shots spell out the language names)
                    p["repetition_penalty"] = "1.0";
                    if (ctx.Settings.Quick) p["max_samples"] = b.Samples.ToString(CultureInfo.InvariantCulture);
                    if (k > 0) { p["num_shots"] = k.ToString(CultureInfo.InvariantCulture); p["shot_pool"] = pool; p["shot_selection"] = selection; }
                    return ctx.Predict($"train{trainShots}-{k}shot-{selection}-seed{seed}", p);
                }).ToList();
                cells.Add(new Cell(trainShots, k, selection, runs));
            }
        }
        return Analyse(ctx.Settings.OutputDir, cells, b, seed0);
    }

    public ExperimentReport Analyse(string outputDir, IReadOnlyList<Cell> cells, Budget b, long seed)
    {
        Cell Get(int train, int k, string sel) => cells.First(c => c.TrainShots == train && c.Shots == k && c.Selection == (k == 0 ? "none" : sel));
        var table = new ReportTable($"{Test}: exact-match accuracy, chrF and format failures (mean ± half-range over prompt sets)",
            ["trained with", "shots at inference", "selection", "prompt sets", "accuracy", "chrF", "format failures"],
            cells.Select(c => (IReadOnlyList<string>)[$"{c.TrainShots} shot", c.Shots.ToString(CultureInfo.InvariantCulture), c.Selection, c.Runs.Count.ToString(CultureInfo.InvariantCulture),
                Cells.MeanSpread(c.Accuracy.Select(x => x * 100).ToList(), "%", "0.#"), Cells.MeanSpread(c.Chrf), Cells.MeanSpread(c.FormatFailures.Select(x => x * 100).ToList(), "%", "0.#")]).ToList());
        string plot = ExperimentPlot.Bars(outputDir, "accuracy.png", "accuracy by shots (model trained with 0 shots, random selection)", "accuracy",
            ShotCounts.Select(k => ExperimentPlot.Of($"{k} shot", Get(0, k, "random").Accuracy)).ToList());
        string plotSel = ExperimentPlot.Bars(outputDir, "selection.png", "accuracy at 3 shots by selection (trained with 0 shots)", "accuracy",
            Selections.Select(s => ExperimentPlot.Of(s, Get(0, 3, s).Accuracy)).ToList());
        IReadOnlyList<double> Pct(IReadOnlyList<double> v) => v.Select(x => x * 100).ToList();
        return new ExperimentReport
        {
            Name = Name,
            Question = Question,
            Setup =
            [
                $"Models: full fine-tuning of the base (lr 1e-3, cosine, {b.Steps} steps × batch {b.BatchSize}, seed {seed}) on the pool's langid / first_words rows, trained with 0 shots (evaluated with every selection) and with 1 random shot per example (evaluated with random selection)",
                "Test: quickstart_tasks_test (langid, first_words); pool: the langid / first_words rows of quickstart_sft (no test row is in it)",
                "Selection: random (one prompt set per seed), similar (BM25 nearest in the pool), fixed (the same examples for every prompt); shots are written inline before the question (KShotPromptBuilder)",
                "Accuracy: exact match (Answers); format: " + PretrainVsSftExperiment.FormatCheckRule,
            ],
            Tables = [table],
            Plots = [plot, plotSel],
            Verdicts =
            [
                Verdict.Compare("one in-prompt example beats zero (accuracy, %)", Pct(Get(0, 1, "random").Accuracy), Pct(Get(0, 0, "").Accuracy)),
                Verdict.Compare("one in-prompt example beats five (accuracy, %)", Pct(Get(0, 1, "random").Accuracy), Pct(Get(0, 5, "random").Accuracy)),
                Verdict.Compare("similar examples beat random ones at 3 shots (accuracy, %)", Pct(Get(0, 3, "similar").Accuracy), Pct(Get(0, 3, "random").Accuracy)),
                Verdict.Compare("training with one shot makes one-shot inference better (accuracy, %)", Pct(Get(1, 1, "random").Accuracy), Pct(Get(0, 1, "random").Accuracy)),
            ],
            Caveats =
            [
                "The noise is the spread over random prompt sets; similar and fixed selections are deterministic (one run), so their comparisons lean on the random side's spread.",
                ExperimentRecipes.FullSftCaveat,
                "The bundled model has a 256-token context: five shots of longer tasks would not fit, which is why the test uses the short-answer families.",
            ],
            Results = cells.Select(c => new { trained_with_shots = c.TrainShots, shots = c.Shots, selection = c.Selection, accuracy = c.Accuracy, chrf = c.Chrf, format_failures = c.FormatFailures, runs = c.Runs.Select(r => r.Id) }).ToList(),
        };
    }
}
