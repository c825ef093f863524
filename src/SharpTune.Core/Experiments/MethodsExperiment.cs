using System.Globalization;

namespace SharpTune.Core.Experiments;

/// <summary>
/// methods: full, freeze, LoRA r 4 / 8 / 16, DoRA, prompt tuning, prefix tuning and bottleneck adapters on the same data
/// and steps, N seeds each: trainable share, training tokens/s, eval loss, chrF / BLEU, latency per token (unmerged;
/// LoRA also merged) and the spread over seeds. Every run keeps its generated_predictions.jsonl for the arena.
/// </summary>
public sealed class MethodsExperiment : IExperiment
{
    public string Name => "methods";

    public string Question => "How do the fine-tuning methods compare on the same data and step budget: quality, trainable share, speed, latency and stability over seeds?";

    /// <summary>A method: its label, its LLaMA-Factory keys and its learning rate (the usual order of magnitude for the method).</summary>
    public sealed record Arm(string Label, IReadOnlyDictionary<string, string> Keys, double LearningRate);

    public static IReadOnlyList<Arm> Arms { get; } =
    [
        new("full", new Dictionary<string, string> { ["finetuning_type"] = "full" }, 1e-3),
        new("freeze (last 2 layers)", new Dictionary<string, string> { ["finetuning_type"] = "freeze", ["freeze_trainable_layers"] = "2" }, 1e-3),
        new("LoRA r4", Lora(4), 5e-3),
        new("LoRA r8", Lora(8), 5e-3),
        new("LoRA r16", Lora(16), 5e-3),
        new("DoRA r8", new Dictionary<string, string>(Lora(8)) { ["use_dora"] = "true" }, 5e-3),
        new("prompt tuning (20 tokens)", new Dictionary<string, string> { ["finetuning_type"] = "prompt_tuning", ["num_virtual_tokens"] = "20" }, 3e-2),
        new("prefix tuning (20 tokens)", new Dictionary<string, string> { ["finetuning_type"] = "prefix_tuning", ["num_virtual_tokens"] = "20" }, 1e-2),
        new("adapter (houlsby, 32)", new Dictionary<string, string> { ["finetuning_type"] = "adapter", ["adapter_size"] = "32" }, 5e-3),
    ];

    static Dictionary<string, string> Lora(int r) => new() { ["finetuning_type"] = "lora", ["lora_rank"] = r.ToString(CultureInfo.InvariantCulture), ["lora_target"] = "all" };

    const string Test = "quickstart_translation_test";

    public ExperimentReport Run(ExperimentContext ctx)
    {
        var b = Budget.For(ctx.Settings.Quick, fullSteps: 60, fullSeeds: 3);
        var trained = new List<(Arm Arm, List<RunOutcome> Runs)>();
        foreach (var arm in Arms)
        {
            var runs = new List<RunOutcome>();
            foreach (long seed in ctx.Settings.Seeds(b.Seeds))
            {
                var c = ExperimentRecipes.WithPredict(ExperimentRecipes.Sft(b, seed), b, Test);
                c.Remove("lora_rank");
                c.Remove("lora_target");
                foreach (var (k, v) in arm.Keys) c[k] = v;
                c["learning_rate"] = arm.LearningRate.ToString("R", CultureInfo.InvariantCulture);
                runs.Add(ctx.Train($"{Slug(arm.Label)}-seed{seed}", c));
            }
            trained.Add((arm, runs));
        }
        // latency: every method's first-seed model (and LoRA / DoRA merged) timed in interleaved rounds
        ctx.Info("[latency] timing every method, interleaved");
        int tokens = ctx.Settings.Quick ? 4 : 64, rounds = ctx.Settings.Quick ? 2 : 7;
        var first = trained[0].Runs[0];
        string prompt = first.Predictions.Count > 0 ? first.Predictions[0].prompt : "Translate to Spanish:";
        var targets = trained.SelectMany(t => t.Arm.Keys["finetuning_type"] == "lora"
                ? new[] { new LatencyProbe.Target(t.Arm.Label, t.Runs[0].OutputDir, false), new LatencyProbe.Target(t.Arm.Label + " merged", t.Runs[0].OutputDir, true) }
                : [new LatencyProbe.Target(t.Arm.Label, t.Runs[0].OutputDir, false)]).ToList();
        var ms = LatencyProbe.MsPerToken(ctx.Settings.ModelNameOrPath, targets, prompt, tokens, rounds);
        var results = trained.Select(t => new ArmResult(t.Arm, t.Runs, ms[t.Arm.Label], ms.GetValueOrDefault(t.Arm.Label + " merged"))).ToList();
        return MethodsAnalysis.Analyse(ctx.Settings.OutputDir, results, b, Name, Question);
    }

    /// <summary>A file-name form of a label ("LoRA r8" → lora-r8).</summary>
    public static string Slug(string label) =>
        new string(label.ToLowerInvariant().TakeWhile(c => c != '(').Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-').Replace("--", "-");
}

/// <summary>One method's runs (one per seed) and its latency per token (ms; one value per repeat).</summary>
public sealed record ArmResult(MethodsExperiment.Arm Arm, IReadOnlyList<RunOutcome> Runs, IReadOnlyList<double> LatencyUnmerged, IReadOnlyList<double>? LatencyMerged)
{
    public IReadOnlyList<double> EvalLoss => Runs.Select(r => r.Metric("eval_loss")).ToList();
    public IReadOnlyList<double> Chrf => Runs.Select(r => r.Chrf).ToList();
    public IReadOnlyList<double> Bleu => Runs.Select(r => r.Bleu).ToList();
}
