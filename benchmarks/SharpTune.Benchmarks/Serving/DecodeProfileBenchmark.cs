using System.Globalization;
using System.Text.Json.Nodes;
using SharpTune.Core.Benchmarking;
using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Benchmarks.Serving;

/// <summary>
/// Where one decode step's time goes: the model's forward over a KV cache of --prompt-len positions at --batch rows
/// (median of --steps steps), and each of its pieces run alone at the same shapes (median of 200 calls, µs of the thread's CPU time: use --threads 1): the
/// projections, RMSNorm, rotary, the cache write, attention with the grouped-query repeat, the MLP, the head, the
/// argmax. The pieces sum to less than the step: the rest is TorchSharp's per-op overhead between them.
/// </summary>
internal sealed class DecodeProfileBenchmark : IBenchmark
{
    public string Name => "decode-profile";
    public string Description => "one decode step's time by piece (--config tiny --batch 8 --prompt-len 128 --threads 2)";

    public int Run(string[] args)
    {
        string config = PeerConfigs.Arg(args, "--config", "tiny");
        int B = int.Parse(PeerConfigs.Arg(args, "--batch", "8"), CultureInfo.InvariantCulture);
        int P = int.Parse(PeerConfigs.Arg(args, "--prompt-len", "128"), CultureInfo.InvariantCulture);
        int steps = int.Parse(PeerConfigs.Arg(args, "--steps", "64"), CultureInfo.InvariantCulture);
        set_num_threads(int.Parse(PeerConfigs.Arg(args, "--threads", "2"), CultureInfo.InvariantCulture));
        manual_seed(0);
        using var grad = no_grad();
        var c = PeerConfigs.Get(config);
        using var model = new LlamaForCausalLM(c, ScalarType.Float32);
        model.eval();
        var ids = randint(0, c.VocabSize, [B, P]);
        using var cache = model.create_cache(B, P + steps + 1);
        model.forward(new CausalLMInputs { input_ids = ids, cache = cache, last_logits_only = true }).logits.Dispose();
        var next = randint(0, c.VocabSize, [B, 1]);
        var stepTimes = new List<double>();
        for (int s = 0; s < steps; s++)
        {
            double t0 = ThreadCpuMicroseconds();
            using (var scope = NewDisposeScope())
            {
                var output = model.forward(new CausalLMInputs { input_ids = next, cache = cache, last_logits_only = true });
                output.logits.select(1, 0).argmax(1).cpu().data<long>().ToArray();
            }
            stepTimes.Add(ThreadCpuMicroseconds() - t0);
        }

        var prefillTimes = new List<double>();
        for (int s = 0; s < 7; s++)
        {
            double t0 = ThreadCpuMicroseconds();
            using var scope = NewDisposeScope();
            using var fresh = model.create_cache(B, P + 1);
            model.forward(new CausalLMInputs { input_ids = ids, cache = fresh, last_logits_only = true }).logits.argmax(-1).cpu();
            if (s > 0) prefillTimes.Add(ThreadCpuMicroseconds() - t0);
        }

        var layer = model.model.layers[0];
        var attn = layer.self_attn;
        long H = c.HiddenSize, hd = c.HeadDim, nh = c.NumAttentionHeads, nkv = c.NumKeyValueHeads;
        var x = randn(B, 1, H);
        var q = randn(B, 1, nh, hd).transpose(1, 2);
        var k = randn(B, nkv, P, hd);
        var cosSin = (randn(B, 1, hd), randn(B, 1, hd));
        var qh = randn(B, nh, 1, hd);
        var g = randn(B, 1, c.IntermediateSize);
        var pieces = new JsonObject
        {
            ["embed"] = Time(() => model.model.embed_tokens.forward(next)),
            ["rmsnorm"] = Time(() => layer.input_layernorm.forward(x)),
            ["q_proj"] = Time(() => attn.q_proj.forward(x)),
            ["k_proj"] = Time(() => attn.k_proj.forward(x)),
            ["rotary_apply"] = Time(() => RotaryEmbedding.apply(q, cosSin.Item1, cosSin.Item2)),
            ["cache_narrow_copy"] = Time(() => k.narrow(2, P - 1, 1).copy_(randn(B, nkv, 1, hd))),
            ["repeat_kv_and_sdpa"] = Time(() =>
            {
                var kk = k.unsqueeze(2).expand(B, nkv, nh / nkv, P, hd).reshape(B, nh, P, hd);
                return nn.functional.scaled_dot_product_attention(qh, kk, kk);
            }),
            ["sdpa_gqa_matmul"] = Time(() =>
            {
                var qg = qh.view(B, nkv, nh / nkv, hd);                                             // the group's queries share a key
                var scores = matmul(qg, k.transpose(2, 3)).mul_(1.0 / Math.Sqrt(hd)).softmax(-1);
                return matmul(scores, k);
            }),
            ["sdpa_grouped_contiguous"] = Time(() => nn.functional.scaled_dot_product_attention(qh.view(B, nkv, nh / nkv, hd), k, k)),
            ["sdpa_grouped_cache_view"] = Time(() =>
            {
                var view = cache.key_buffer(0).narrow(2, 0, P);                                     // (B, nkv, P, hd) of a longer buffer
                return nn.functional.scaled_dot_product_attention(qh.view(B, nkv, nh / nkv, hd), view, view);
            }),
            ["o_proj"] = Time(() => attn.o_proj.forward(x)),
            ["mlp"] = Time(() => layer.mlp.forward(x)),
            ["silu_mul"] = Time(() => nn.functional.silu(g).mul_(g)),
            ["lm_head"] = Time(() => model.lm_head!.forward(x)),
            ["argmax_cpu"] = Time(() => randn(B, c.VocabSize).argmax(1).cpu()),
            ["add"] = Time(() => x + x),
            ["empty_scope"] = Time(() => { using var s = NewDisposeScope(); return null; }),
            ["rotary_cos_sin"] = Time(() => new RotaryEmbedding((int)hd, c.RopeTheta, c.RopeScaling).forward(next.to_type(ScalarType.Int64), ScalarType.Float32).cos),
            ["attention_no_cache"] = Time(() => attn.forward(x, cosSin.Item1, cosSin.Item2, null, null, null, AttentionImplementation.Sdpa)),
            ["layer_no_cache"] = Time(() => layer.forward(x, cosSin.Item1, cosSin.Item2, null, null, null, AttentionImplementation.Sdpa)),
            ["decoder_no_cache"] = Time(() => model.model.forward(new CausalLMInputs { input_ids = next }, AttentionImplementation.Sdpa).hidden),
            ["mask_build"] = Time(() => AttentionMask.Build(null, B, 1, P, ScalarType.Float32, x.device)),
            ["model_no_cache"] = Time(() => model.forward(new CausalLMInputs { input_ids = next, last_logits_only = true }).logits),
        };
        var output2 = new JsonObject
        {
            ["config"] = config, ["batch"] = B, ["prompt_len"] = P, ["threads"] = get_num_threads(),
            ["kernels"] = CpuKernels.Supports(x),
            ["step_us_median"] = Math.Round(Stats.Median(stepTimes), 1),
            ["decode_tokens_per_s"] = Math.Round(B / Stats.Median(stepTimes) * 1e6, 1),
            ["prefill_us_median"] = Math.Round(Stats.Median(prefillTimes), 1),
            ["prefill_tokens_per_s"] = Math.Round(B * P / Stats.Median(prefillTimes) * 1e6, 1),
            ["pieces_us"] = pieces,
        };
        Console.WriteLine(output2.ToJsonString());
        return 0;
    }

    static JsonNode Time(Func<Tensor?> piece)
    {
        var times = new List<double>();
        for (int i = 0; i < 220; i++)
        {
            using var scope = NewDisposeScope();
            double t0 = ThreadCpuMicroseconds();
            piece();
            if (i >= 20) times.Add(ThreadCpuMicroseconds() - t0);
        }
        return Math.Round(Stats.Median(times), 1);
    }

    /// <summary>CPU time of the calling thread (µs): with one torch thread every op runs on it, so a neighbour's load
    /// that takes the core away does not count.</summary>
    static double ThreadCpuMicroseconds()
    {
        clock_gettime(3, out var ts);                                                         // CLOCK_THREAD_CPUTIME_ID
        return ts.Seconds * 1e6 + ts.Nanoseconds / 1e3;
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
    static extern int clock_gettime(int clock, out TimeSpec ts);
}
