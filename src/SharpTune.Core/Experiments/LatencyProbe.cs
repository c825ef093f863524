using System.Diagnostics;
using SharpTune.Core.Checkpoints;
using SharpTune.Core.Data;
using SharpTune.Core.Generation;
using SharpTune.Core.Modeling;
using SharpTune.Core.Peft;
using SharpTune.Core.Benchmarking;
using SharpTune.Core.Native;
using SharpTune.Text.Tokenization;

namespace SharpTune.Core.Experiments;

/// <summary>
/// Inference latency per generated token of trained runs: one prompt at a time (batch 1, KV cache), a fixed number of
/// new tokens with no stop token. Adapters stay unmerged unless a target asks to fold LoRA / DoRA into the weights.
/// All targets are loaded first and timed in interleaved rounds (one repeat of each per round, after one warm-up
/// each), so a slow minute of the machine falls on every target alike instead of on whichever ran then; a repeat's
/// figure is the median decode step, so one descheduled step does not move it. One thread: a small model's decode
/// ops take microseconds, and with two OpenMP threads each op waits for the slower one, which made repeats of the same
/// model jump between 1 and 2.5 ms per token on an idle 2-core machine.
/// </summary>
public static class LatencyProbe
{
    /// <summary>One model to time: an adapter run over the base (merged or not) or a full model (runDir holds config.json).</summary>
    public sealed record Target(string Key, string RunDir, bool Merge);

    /// <summary>Milliseconds per new token, one value per round, for each target's key.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<double>> MsPerToken(string baseDir, IReadOnlyList<Target> targets, string prompt, int newTokens, int rounds)
    {
        if (newTokens < 2) throw new ArgumentOutOfRangeException(nameof(newTokens), "at least 2 new tokens: the first is the prompt's step");
        Tokenizer tokenizer = DataPipeline.LoadTokenizer(baseDir);
        long[] ids = [.. tokenizer.EncodeToIds(prompt, addSpecialTokens: true).Select(i => (long)i)];
        var options = new GenerationOptions { MaxNewTokens = newTokens, EosTokenIds = [] };
        var modules = new List<TorchSharp.torch.nn.Module>();
        using var threads = IntraOpThreads.Use(1);
        try
        {
            foreach (var t in targets) modules.Add(Load(baseDir, t));
            foreach (var m in modules) Once((ICausalLM)m, ids, options);                       // warm-up
            var times = targets.ToDictionary(t => t.Key, _ => new List<double>());
            for (int r = 0; r < rounds; r++)
                for (int i = 0; i < targets.Count; i++) times[targets[i].Key].Add(Once((ICausalLM)modules[i], ids, options));
            return times.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value);
        }
        finally { foreach (var m in modules) m.Dispose(); }
    }

    /// <summary>The median decode step of one generation, in ms (the prompt's step excluded).</summary>
    static double Once(ICausalLM model, long[] ids, GenerationOptions options)
    {
        var steps = new List<double>();
        var clock = Stopwatch.StartNew();
        double last = 0;
        TextGenerator.Generate(model, [ids], options, (step, _) =>
        {
            double now = clock.Elapsed.TotalMilliseconds;
            if (step > 0) steps.Add(now - last);
            last = now;
        });
        return Stats.Median(steps);
    }

    static TorchSharp.torch.nn.Module Load(string baseDir, Target t)
    {
        bool fullModel = File.Exists(Path.Combine(t.RunDir, "config.json")) && !File.Exists(Path.Combine(t.RunDir, AdapterStateDict.ConfigFile));
        if (fullModel) return ModelLoader.Load(t.RunDir);
        var peft = PeftBuilder.Build(baseDir, new FinetuningOptions(), [t.RunDir], null);
        peft.eval();
        if (t.Merge) peft.Merge();
        return peft;
    }
}
