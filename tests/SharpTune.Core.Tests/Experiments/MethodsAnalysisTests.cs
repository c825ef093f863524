using SharpTune.Core.Evaluation;
using SharpTune.Core.Experiments;

namespace SharpTune.Core.Tests.Experiments;

/// <summary>The methods report's verdicts follow the measured numbers (synthetic runs, no training).</summary>
public sealed class MethodsAnalysisTests
{
    static RunOutcome Run(string id, double evalLoss) => new(id, "/nowhere/" + id, new Dictionary<string, double> { ["eval_loss"] = evalLoss, ["train_loss"] = evalLoss },
        [new Prediction("### Instruction:\nTranslate to Spanish:\nhello\n\n### Response:\n", "hola", "hola")]) { TrainableShare = 0.1, TokensPerSecond = 1000 };

    /// <summary>Every method with eval losses <paramref name="loss"/>(label) + seed offsets; LoRA r8 latency unmerged 2 ms, merged 1 ms, the adapter 3 ms.</summary>
    static IReadOnlyList<ArmResult> Arms(Func<string, double> loss, double seedSpread = 0.01) => MethodsExperiment.Arms.Select(a => new ArmResult(a,
        [Run(a.Label + "-1", loss(a.Label)), Run(a.Label + "-2", loss(a.Label) + seedSpread), Run(a.Label + "-3", loss(a.Label) - seedSpread)],
        a.Label.StartsWith("adapter", StringComparison.Ordinal) ? [3.0, 3.1, 2.9] : [2.0, 2.1, 1.9],
        a.Keys["finetuning_type"] == "lora" ? [1.0, 1.05, 0.95] : null)).ToList();

    static Verdict Claim(ExperimentReport r, string start) => r.Verdicts.First(v => v.Claim.StartsWith(start, StringComparison.Ordinal));

    [Fact]
    public void Lora_nearest_to_full_supports_the_claim_and_a_nearer_adapter_contradicts_it()
    {
        using var tmp = TestPaths.NewTempDir();
        var b = Budget.For(quick: false);
        var near = MethodsAnalysis.Analyse(tmp.Path, Arms(l => l switch { "full" => 2.0, "LoRA r8" => 2.05, _ => 3.0 }), b, "methods", "q");
        Assert.Equal(Verdict.Supported, Claim(near, "LoRA r8 ends closer").Outcome);
        var far = MethodsAnalysis.Analyse(tmp.Path, Arms(l => l switch { "full" => 2.0, "LoRA r8" => 3.0, "adapter (houlsby, 32)" => 2.02, _ => 3.5 }), b, "methods", "q");
        Assert.Equal(Verdict.Contradicted, Claim(far, "LoRA r8 ends closer").Outcome);
        Assert.Contains("adapter (houlsby, 32)", Claim(far, "LoRA r8 ends closer").Claim);
    }

    [Fact]
    public void Latency_and_stability_verdicts_come_from_the_timings_and_the_spreads()
    {
        using var tmp = TestPaths.NewTempDir();
        var r = MethodsAnalysis.Analyse(tmp.Path, Arms(_ => 2.0), Budget.For(quick: false), "methods", "q");
        Assert.Equal(Verdict.Supported, Claim(r, "bottleneck adapters").Outcome);          // 3 ms vs 1 ms, repeats spread 0.2
        Assert.Equal(Verdict.Supported, Claim(r, "unmerged LoRA").Outcome);                // 2 ms vs 1 ms
        Assert.Equal(Verdict.WithinNoise, Claim(r, "prompt tuning is less stable").Outcome); // equal spreads
        Assert.Equal(3, r.Plots.Count);
        Assert.All(r.Plots, p => Assert.True(File.Exists(Path.Combine(tmp.Path, p)), p));
        Assert.Equal(MethodsExperiment.Arms.Count, r.Tables[0].Rows.Count);
    }

    [Fact]
    public void The_peak_memory_column_gives_the_median_peak_and_the_runs_own_growth_or_a_dash_when_unmeasured()
    {
        using var tmp = TestPaths.NewTempDir();
        var arms = Arms(_ => 2.0).Select((a, i) => i != 0 ? a : a with
        {
            Runs = a.Runs.Select((r, k) => r with { PeakRssMb = 500 + 10 * k, StartRssMb = 470 + 20 * k }).ToList(),   // peaks 500/510/520, own 30/20/10
        }).ToList();
        var r = MethodsAnalysis.Analyse(tmp.Path, arms, Budget.For(quick: false), "methods", "q");
        int column = r.Tables[0].Headers.ToList().FindIndex(h => h.StartsWith("peak RSS", StringComparison.Ordinal));
        Assert.True(column >= 0, "the table has a peak RSS column");
        Assert.Equal("510 (+20)", r.Tables[0].Rows[0][column]);
        Assert.Equal("–", r.Tables[0].Rows[1][column]);                                  // no measurement, no number
    }

    [Fact]
    public void Method_labels_become_file_names() => Assert.Equal("prompt-tuning", MethodsExperiment.Slug("prompt tuning (20 tokens)"));
}
