using System.Diagnostics;
using SharpTune.Core.Generation;
using SharpTune.Core.Native;
using SharpTune.Core.Peft;
using static TorchSharp.torch;

namespace SharpTune.Core.Benchmarking;

/// <summary>
/// Measures training or decoding throughput on a randomly initialised peer-shaped model and returns the peer's
/// JSON keys (tokens_per_s = median step, tokens_per_s_quiet_median, gflops_per_s, peak_rss_mb, trainable_params,
/// total_params, decode_tokens_per_s, contention; malloc, the allocator the process runs with; cpu_features, the CPU model
/// and its instruction sets (AMX, AVX-512 BF16, AVX-512F, AVX2, FMA), and isa_limits, any setting that holds libtorch,
/// oneDNN or .NET below them: speed figures mean nothing without these). FLOPs as the peer
/// counts them: N = every linear weight incl. lm_head; full = 6N per token, LoRA = 4N + 2·trainable, generate = 2N;
/// gflops_per_s_with_attn adds the attention matmuls as the peer does (attn_flops_per_token = 4·L·T·H · 3, the full
/// T × T square).
/// </summary>
public static class BenchRunner
{
    const double QuietCores = 0.1;

    public static Dictionary<string, object?> Run(BenchOptions o)
    {
        if (o.Mode is not ("full" or "lora" or "generate")) throw new ArgumentException($"--mode '{o.Mode}' is not one of full, lora, generate");
        LibTorchRuntime.EnsureLoaded();
        set_num_threads(o.Threads);
        manual_seed(o.Seed);
        var compute = Dtype(o.Dtype, "--dtype");
        var baseDtype = o.BaseDtype is null ? compute : Dtype(o.BaseDtype, "--base-dtype");
        if (o.BaseDtype is not null && o.Mode != "lora")
            throw new ArgumentException($"--base-dtype is for --mode lora (the frozen base); --mode {o.Mode} runs in --dtype");
        if (baseDtype != compute)
            throw new ArgumentException($"--base-dtype {o.BaseDtype} with --dtype {o.Dtype}: SharpTune computes a LoRA model in the dtype its frozen base is held in " +
                "(as `train --bf16` and LLaMA-Factory's bf16 do); leave --base-dtype out or give it the --dtype");
        var config = PeerConfigs.Get(o.Config);
        var ft = o.Mode == "lora"
            ? new FinetuningOptions { FinetuningType = "lora", LoraRank = o.LoraRank, LoraAlpha = o.LoraAlpha, LoraDropout = o.LoraDropout, LoraTarget = o.LoraTargets, Seed = o.Seed }
            : new FinetuningOptions { FinetuningType = "full", Seed = o.Seed };
        using var model = PeftBuilder.Build(config, ft, compute);
        model.base_model.model.gradient_checkpointing = o.GradientCheckpointing;
        var all = model.named_parameters().ToList();
        long total = all.Sum(p => p.parameter.NumberOfElements);
        var trainable = model.TrainableParameters();
        long trainableCount = trainable.Sum(p => p.parameter.NumberOfElements);
        long n = all.Where(p => p.parameter.dim() == 2 && !p.name.Contains("embed_tokens", StringComparison.Ordinal)).Sum(p => p.parameter.NumberOfElements);
        long nTrain = trainable.Where(p => p.parameter.dim() == 2 && !p.name.Contains("embed_tokens", StringComparison.Ordinal)).Sum(p => p.parameter.NumberOfElements);
        var output = new Dictionary<string, object?>
        {
            ["impl"] = "sharptune", ["config"] = o.Config, ["mode"] = o.Mode, ["dtype"] = o.Dtype, ["base_dtype"] = o.Mode == "lora" ? TorchDevice.HfName(baseDtype) : null,
            ["threads"] = get_num_threads(), ["malloc"] = MallocPreload.Current(), ["kernel_threads"] = OmpTeam.Available ? "openmp" : "dotnet",
            ["cpu_features"] = CpuFeatures.Current.ToJson(), ["isa_limits"] = IsaLimits(), ["total_params"] = total, ["trainable_params"] = trainableCount, ["flops_matmul_params_N"] = n,
        };
        if (o.Mode == "generate") { output["trainable_params"] = 0L; Decode(model, config.VocabSize, o, n, output); }
        else
        {
            // the peer's secondary figure: QKᵀ and PV over the full T × T square, 4·L·T·H per token forward, × 3 for fwd + bwd
            double attention = 4.0 * config.NumHiddenLayers * o.SeqLen * config.HiddenSize * 3;
            Train(model, trainable, config.VocabSize, o, compute, o.Mode == "full" ? 6.0 * n : 4.0 * n + 2.0 * nTrain, attention, output);
        }
        return output;
    }

    /// <summary>The settings that hold libtorch, oneDNN or .NET below the CPU's instruction sets, as this process runs with them.</summary>
    static Dictionary<string, string> IsaLimits() => new[] { "ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA", "DOTNET_EnableAVX512", "DOTNET_EnableAVX2" }
        .Where(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))).ToDictionary(v => v, v => Environment.GetEnvironmentVariable(v)!);

    /// <summary>The project's dtype names (TorchDevice.ParseDType), limited to the two the peer takes.</summary>
    static ScalarType Dtype(string name, string flag)
    {
        ScalarType? t = null;
        try { t = TorchDevice.ParseDType(name); } catch (ArgumentException) { }
        return t is ScalarType.Float32 or ScalarType.BFloat16 ? t.Value : throw new ArgumentException($"{flag} '{name}' is not one of float32, bfloat16");
    }

    static void Train(PeftModel model, IReadOnlyList<(string name, TorchSharp.Modules.Parameter parameter)> trainable, int vocab, BenchOptions o,
        ScalarType dtype, double flopsPerToken, double attentionFlopsPerToken, Dictionary<string, object?> output)
    {
        using var opt = optim.AdamW(trainable.Select(p => p.parameter), o.Lr, 0.9, 0.999, 1e-8, 0.0);
        model.train();
        using var gen = new Generator((ulong)o.Seed + 1);
        var times = new List<double>();
        var meters = new List<(double Wall, double SelfCores, double OtherCores, double StealCores)>();
        var losses = new List<double>();
        var meter = new CpuMeter();
        for (int step = 0; step < o.Warmup + o.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var ids = randint(0, vocab, [o.Batch, o.SeqLen], generator: gen);
            meter.Reset();
            var sw = Stopwatch.StartNew();
            opt.zero_grad();
            using var r = model.forward(new Modeling.CausalLMInputs { input_ids = ids, labels = ids, loss_only = true });
            r.loss!.backward();
            opt.step();
            Native.NativeScalars.Release();
            double dt = sw.Elapsed.TotalSeconds;
            var m = meter.Read();
            losses.Add(r.loss.item<float>());
            if (step >= o.Warmup) { times.Add(dt); meters.Add(m); }
        }
        int tokens = o.Batch * o.SeqLen;
        double med = Stats.Median(times);
        var quiet = times.Where((t, i) => meters[i].OtherCores < QuietCores).ToList();
        output["tokens_per_step"] = tokens;
        output["median_step_s"] = Math.Round(med, 4);
        output["tokens_per_s"] = Math.Round(tokens / med, 1);
        output["tokens_per_s_best"] = Math.Round(tokens / times.Min(), 1);
        output["tokens_per_s_quiet_median"] = quiet.Count > 0 ? Math.Round(tokens / Stats.Median(quiet), 1) : null;
        output["n_quiet_steps"] = quiet.Count;
        double gflops = flopsPerToken * tokens / med / 1e9, gflopsWithAttn = (flopsPerToken + attentionFlopsPerToken) * tokens / med / 1e9;
        output["flops_per_token"] = flopsPerToken;
        output["gflops_per_s"] = Math.Round(gflops, 2);
        output["attn_flops_per_token"] = attentionFlopsPerToken;
        output["gflops_per_s_with_attn"] = Math.Round(gflopsWithAttn, 2);
        output["loss_first"] = Math.Round(losses[0], 5);
        output["loss_last"] = Math.Round(losses[^1], 5);
        output["contention"] = Contention(meters);
        output["peak_rss_mb"] = Math.Round(CpuMeter.PeakRssMb(), 1);                      // training only, before the GEMM probe
        double peak = MatmulPeak.Measure(dtype);
        output["matmul_peak_gflops_per_s"] = Math.Round(peak, 1);
        output["share_of_matmul_peak"] = Math.Round(gflops / peak, 3);
        output["share_of_matmul_peak_with_attn"] = Math.Round(gflopsWithAttn / peak, 3);
    }

    static void Decode(PeftModel model, int vocab, BenchOptions o, long n, Dictionary<string, object?> output)
    {
        model.eval();
        using var gen = new Generator((ulong)o.Seed + 2);
        var ids = randint(0, vocab, [o.Batch, o.PromptLen], generator: gen);
        var prompts = Enumerable.Range(0, o.Batch).Select(b => ids[b].data<long>().ToArray()).ToArray();
        var options = new GenerationOptions { MaxNewTokens = Math.Min(4, o.NewTokens) };
        TextGenerator.Generate(model, prompts, options);                                    // warm-up
        var stamps = new List<double>();
        var meter = new CpuMeter();
        var sw = Stopwatch.StartNew();
        TextGenerator.Generate(model, prompts, options with { MaxNewTokens = o.NewTokens }, (_, _) => stamps.Add(sw.Elapsed.TotalSeconds));
        var m = meter.Read();
        var steps = stamps.Zip(stamps.Skip(1), (a, b) => b - a).ToList();
        double med = steps.Count > 0 ? Stats.Median(steps) : double.NaN;
        output["prompt_len"] = o.PromptLen;
        output["new_tokens"] = o.NewTokens;
        output["prefill_tokens_per_s"] = Math.Round(o.Batch * o.PromptLen / stamps[0], 1);
        output["decode_median_step_s"] = Math.Round(med, 5);
        output["decode_tokens_per_s"] = Math.Round(o.Batch / med, 2);
        output["decode_gflops_per_s"] = Math.Round(2.0 * n * o.Batch / med / 1e9, 2);
        output["contention"] = new Dictionary<string, double> { ["other_cores_mean"] = Math.Round(m.OtherCores, 3), ["self_cores_mean"] = Math.Round(m.SelfCores, 3) };
        output["peak_rss_mb"] = Math.Round(CpuMeter.PeakRssMb(), 1);
    }

    static Dictionary<string, object> Contention(List<(double Wall, double SelfCores, double OtherCores, double StealCores)> m) => new()
    {
        ["other_cores_mean"] = Math.Round(m.Average(x => x.OtherCores), 3),
        ["other_cores_max"] = Math.Round(m.Max(x => x.OtherCores), 3),
        ["self_cores_mean"] = Math.Round(m.Average(x => x.SelfCores), 3),
        ["steal_cores_mean"] = Math.Round(m.Average(x => x.StealCores), 3),
        ["per_step_other_cores"] = m.Select(x => Math.Round(x.OtherCores, 2)).ToList(),
    };
}
