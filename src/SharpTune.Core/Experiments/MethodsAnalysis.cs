using SharpTune.Core.Benchmarking;

namespace SharpTune.Core.Experiments;

/// <summary>The methods experiment's table, plots and verdicts, computed from its runs.</summary>
public static class MethodsAnalysis
{
    public static ExperimentReport Analyse(string outputDir, IReadOnlyList<ArmResult> arms, Budget b, string name, string question)
    {
        ArmResult Find(string label) => arms.First(a => a.Arm.Label == label);
        var full = Find("full");
        var lora = Find("LoRA r8");
        double fullLoss = full.EvalLoss.Average();
        var table = new ReportTable("Every method on the same data and steps (mean ± half-range over seeds)",
            ["method", "lr", "trainable", "peak RSS MB (run's own)", "train tokens/s", "eval loss", "chrF", "BLEU", "ms/token unmerged", "ms/token merged"],
            arms.Select(a => (IReadOnlyList<string>)
            [
                a.Arm.Label, Cells.Num(a.Arm.LearningRate, "0.####"), a.Runs[0].TrainableShare is { } s ? Cells.Pct(s) : "–", PeakCell(a.Runs),
                Cells.Num(Stats.Median(a.Runs.Select(r => r.TokensPerSecond ?? 0)), "0"),
                Cells.MeanSpread(a.EvalLoss, "", "0.000"), Cells.MeanSpread(a.Chrf), Cells.MeanSpread(a.Bleu),
                Cells.Num(Stats.Median(a.LatencyUnmerged), "0.00"), a.LatencyMerged is { } m ? Cells.Num(Stats.Median(m), "0.00") : "–",
            ]).ToList());
        var plots = new List<string>
        {
            ExperimentPlot.Bars(outputDir, "eval_loss.png", "eval loss by method (whiskers: lowest–highest seed)", "eval loss", arms.Select(a => ExperimentPlot.Of(a.Arm.Label, a.EvalLoss)).ToList()),
            ExperimentPlot.Bars(outputDir, "chrf.png", "chrF by method (whiskers: lowest–highest seed)", "chrF", arms.Select(a => ExperimentPlot.Of(a.Arm.Label, a.Chrf)).ToList()),
            ExperimentPlot.Bars(outputDir, "latency.png", "inference latency per token, batch 1, unmerged", "ms / token", arms.Select(a => ExperimentPlot.Of(a.Arm.Label, a.LatencyUnmerged)).ToList()),
        };

        // LoRA closest to full: per-seed |eval loss − full's mean| of LoRA r8 against the closest method outside the LoRA family
        IReadOnlyList<double> Gap(ArmResult a) => a.EvalLoss.Select(l => Math.Abs(l - fullLoss)).ToList();
        var others = arms.Where(a => a.Arm.Keys["finetuning_type"] is not ("full" or "lora")).ToList();
        var closest = others.MinBy(a => Gap(a).Average())!;
        var verdicts = new List<Verdict>
        {
            Verdict.Compare($"LoRA r8 ends closer to full fine-tuning's eval loss than any non-LoRA method (closest: {closest.Arm.Label})", Gap(lora), Gap(closest), claimHigher: false),
            Stability(Find("prompt tuning (20 tokens)"), lora),
            Verdict.Compare("bottleneck adapters (unmerged) take longer per generated token than merged LoRA", Find("adapter (houlsby, 32)").LatencyUnmerged, lora.LatencyMerged ?? lora.LatencyUnmerged, unit: " ms"),
            Verdict.Compare("unmerged LoRA takes longer per generated token than merged LoRA", lora.LatencyUnmerged, lora.LatencyMerged ?? lora.LatencyUnmerged, unit: " ms"),
        };
        return new ExperimentReport
        {
            Name = name,
            Question = question,
            Setup =
            [
                $"Base: the bundled base model (or model_name_or_path); data: quickstart_sft; evaluation: quickstart_translation_test (eval loss and greedy predictions, max_new_tokens {b.MaxNewTokens})",
                $"Budget: {b.Steps} optimizer steps × batch {b.BatchSize} for every method (the same examples in the same order per seed), {b.Seeds} seed(s) each; LoRA / DoRA on all linear layers, alpha = 2r",
                "Learning rates: the usual order of magnitude per method (full / freeze 1e-3, LoRA / DoRA / adapters 5e-3, prefix 1e-2, prompt 3e-2), not tuned per method here",
                "Latency: batch 1, one thread, KV cache, a fixed number of new tokens without a stop token; every method's first-seed model loaded together, one warm-up each, then timed in interleaved rounds (one generation of each per round); a round's figure is its median decode step, the table gives the median over rounds; merged = LoRA / DoRA folded into the weights",
                "Every run's generated_predictions.jsonl is in runs/METHOD-seedS/ (compare two with `sharptune arena --predictions a=FILE,b=FILE`)",
            ],
            Tables = [table],
            Plots = plots,
            Verdicts = verdicts,
            Caveats =
            [
                "A 1.7M-parameter model and a short budget: methods that need many steps (prompt / prefix tuning) are at a disadvantage the literature's runs do not have.",
                "Peak RSS is the process's high-water mark during each training run, reset at its start (/proc/self/clear_refs); it includes what the process already held (runtime, libtorch), so the run's own share (peak − RSS at the start, in brackets) is the figure to compare; medians over seeds. The first run also pays the process's one-time start-up (libtorch, the JIT). `sharptune estimate` gives the modelled memory per method at larger sizes.",
                "Timings come from a shared 2-core machine: compare ratios within this report, not absolute numbers.",
            ],
            Results = arms.Select(a => new
            {
                method = a.Arm.Label,
                keys = a.Arm.Keys,
                learning_rate = a.Arm.LearningRate,
                trainable_share = a.Runs[0].TrainableShare,
                runs = a.Runs.Select(r => new { run = r.Id, eval_loss = r.Metric("eval_loss"), train_loss = r.Metric("train_loss"), chrf = r.Chrf, bleu = r.Bleu, tokens_per_second = r.TokensPerSecond, peak_rss_mb = r.PeakRssMb, start_rss_mb = r.StartRssMb, seconds = r.Seconds }),
                latency_ms_per_token_unmerged = a.LatencyUnmerged,
                latency_ms_per_token_merged = a.LatencyMerged,
            }).ToList(),
        };
    }

    /// <summary>"peak (+own)" in MB, medians over the runs; "–" where the peak could not be reset per run.</summary>
    static string PeakCell(IReadOnlyList<RunOutcome> runs)
    {
        var measured = runs.Where(r => r.PeakRssMb is not null && r.StartRssMb is not null).ToList();
        if (measured.Count == 0) return "–";
        return $"{Cells.Num(Stats.Median(measured.Select(r => r.PeakRssMb!.Value)), "0")} (+{Cells.Num(Stats.Median(measured.Select(r => r.PeakRssMb!.Value - r.StartRssMb!.Value)), "0")})";
    }

    /// <summary>"prompt tuning is unstable": its eval-loss spread over seeds must exceed LoRA's by more than LoRA's own spread.</summary>
    static Verdict Stability(ArmResult prompt, ArmResult lora)
    {
        const string claim = "prompt tuning is less stable over seeds than LoRA r8 (spread of eval loss)";
        double sp = Verdict.Spread(prompt.EvalLoss), sl = Verdict.Spread(lora.EvalLoss);
        if (prompt.Runs.Count < 2) return new Verdict(claim, Verdict.Inconclusive, 0, 0, "one seed per method gives no spread");
        return Verdict.FromDifference(claim, sp - sl, sl,
            $"spread {Cells.Num(sp, "0.###")} vs {Cells.Num(sl, "0.###")} over {prompt.Runs.Count} seeds: supported when prompt tuning's spread exceeds LoRA's by more than LoRA's own spread (more than twice it)");
    }
}
