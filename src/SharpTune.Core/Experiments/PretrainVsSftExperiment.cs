using System.Globalization;

namespace SharpTune.Core.Experiments;

/// <summary>
/// pretrain-vs-sft: the bundled base model against its LoRA SFT model (the quickstart recipe, N seeds) on the
/// held-out translation prompts: format-following rate (<see cref="FormatCheck"/>), chrF and BLEU, three answers.
/// </summary>
public sealed class PretrainVsSftExperiment : IExperiment
{
    public string Name => "pretrain-vs-sft";

    public string Question => "Does supervised fine-tuning turn a base model that only continues text into one that answers instructions in the expected format, and translate better?";

    const string Test = "quickstart_translation_test";

    public ExperimentReport Run(ExperimentContext ctx)
    {
        var b = Budget.For(ctx.Settings.Quick);
        var runs = ctx.Settings.Seeds(b.Seeds)
            .Select(seed => ctx.Train($"sft-seed{seed}", ExperimentRecipes.WithPredict(ExperimentRecipes.Sft(b, seed), b, Test, compareWithBase: true)))
            .ToList();
        return Analyse(ctx.Settings.OutputDir, runs, b);
    }

    /// <summary>The report from the runs (each holds the base model's predictions too, identical across seeds: greedy).</summary>
    public ExperimentReport Analyse(string outputDir, IReadOnlyList<RunOutcome> runs, Budget b)
    {
        var ci = CultureInfo.InvariantCulture;
        var base0 = runs[0].BasePredictions;
        double baseFormat = FormatCheck.Rate(base0), baseChrf = RunOutcome.Score(base0, "chrf"), baseBleu = RunOutcome.Score(base0, "bleu");
        var sftFormat = runs.Select(r => FormatCheck.Rate(r.Predictions)).ToList();
        var sftChrf = runs.Select(r => r.Chrf).ToList();
        var sftBleu = runs.Select(r => r.Bleu).ToList();
        var table = new ReportTable($"Held-out {Test} ({base0.Count} prompts), greedy decoding", ["model", "format-following rate", "chrF", "BLEU"],
        [
            ["base (pre-trained only)", Cells.Pct(baseFormat), baseChrf.ToString("0.00", ci), baseBleu.ToString("0.00", ci)],
            [$"LoRA SFT ({runs.Count} seed{(runs.Count > 1 ? "s" : "")})", Cells.MeanSpread(sftFormat.Select(x => x * 100).ToList(), "%", "0.#"), Cells.MeanSpread(sftChrf, ""), Cells.MeanSpread(sftBleu, "")],
        ]);
        var examples = new ReportTable("Three held-out prompts, side by side (run " + runs[0].Id + ")", ["input", "reference", "base", "SFT"],
            runs[0].Predictions.Zip(base0).Take(3).Select(p => (IReadOnlyList<string>)[FormatCheck.InputOf(p.First.prompt), p.First.label, p.Second.predict, p.First.predict]).ToList());
        string plot = ExperimentPlot.Bars(outputDir, "chrf.png", "chrF on held-out translation prompts", "chrF",
            [new PlotBar("base", baseChrf, baseChrf, baseChrf), ExperimentPlot.Of("LoRA SFT", sftChrf)]);
        return new ExperimentReport
        {
            Name = Name,
            Question = Question,
            Setup =
            [
                "Base: examples/models/sharptune-base unless model_name_or_path is given; SFT: the quickstart recipe (LoRA r 8 on q_proj,v_proj, lr 5e-3 cosine, alpaca template) on quickstart_sft",
                $"Budget: {b.Steps} optimizer steps × batch {b.BatchSize}, {b.Seeds} seed(s) from {runs[0].Id}; greedy decoding, max_new_tokens {b.MaxNewTokens}, repetition_penalty {ExperimentRecipes.RepetitionPenalty}",
                "Format check: " + FormatCheckRule,
            ],
            Tables = [table, examples],
            Plots = [plot],
            Verdicts =
            [
                Verdict.Compare("SFT follows the instruction format more often than the base (format-following rate, %)", sftFormat.Select(x => x * 100).ToList(), [baseFormat * 100]),
                Verdict.Compare("SFT translates better than the base (chrF)", sftChrf, [baseChrf]),
            ],
            Caveats =
            [
                "The base model is deterministic under greedy decoding, so the noise is the SFT model's spread over seeds; one seed gives no noise estimate.",
                "A 1.7M-parameter model: chrF measures character overlap, not fluency; read the example answers.",
            ],
            Results = new
            {
                @base = new { format_rate = baseFormat, chrf = baseChrf, bleu = baseBleu },
                sft = runs.Select(r => new { run = r.Id, format_rate = FormatCheck.Rate(r.Predictions), chrf = r.Chrf, bleu = r.Bleu, train_loss = r.Metrics.GetValueOrDefault("train_loss"), seconds = r.Seconds }),
            },
        };
    }

    internal const string FormatCheckRule = "an answer passes when it is not empty, holds no template marker (### Instruction / ### Response), does not copy the input, is at most 3 × its reference + 20 characters long and is in the language of the reference (bundled language identifier; FormatCheck)";
}
