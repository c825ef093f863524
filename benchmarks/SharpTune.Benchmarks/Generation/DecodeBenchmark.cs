using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SharpTune.Core.Generation;
using SharpTune.Core.Modeling;
using SharpTune.Core.Native;
using SharpTune.Core.Planning;
using static TorchSharp.torch;

namespace SharpTune.Benchmarks.Generation;

/// <summary>
/// Greedy decoding speed with the peer's flags (--config, --prompt-len, --new-tokens, --batch, --dtype, --threads):
/// prints one JSON line with prefill and median decode tokens/s, like `torch_llama_peer.py --mode generate`.
/// </summary>
internal sealed class DecodeBenchmark : IBenchmark
{
    public string Name => "decode";
    public string Description => "greedy decode tokens/s on a peer-shaped random model";

    public int Run(string[] args)
    {
        LibTorchRuntime.EnsureLoaded();
        var ci = CultureInfo.InvariantCulture;
        var config = PeerConfigs.Get(PeerConfigs.Arg(args, "--config", "small"));
        int promptLen = int.Parse(PeerConfigs.Arg(args, "--prompt-len", "128"), ci);
        int newTokens = int.Parse(PeerConfigs.Arg(args, "--new-tokens", "64"), ci);
        int batch = int.Parse(PeerConfigs.Arg(args, "--batch", "1"), ci);
        int threads = int.Parse(PeerConfigs.Arg(args, "--threads", "2"), ci);
        var dtype = TorchDevice.ParseDType(PeerConfigs.Arg(args, "--dtype", "float32")) ?? ScalarType.Float32;
        set_num_threads(threads);
        manual_seed(0);
        using var model = new LlamaForCausalLM(config, dtype);
        using (no_grad())
            foreach (var p in model.parameters()) if (p.dim() == 2) p.normal_(0, 0.02);
        model.eval();
        model.attn_implementation = Enum.Parse<AttentionImplementation>(PeerConfigs.Arg(args, "--attn", "sdpa"), ignoreCase: true);
        var prompts = Enumerable.Range(0, batch).Select(b => Enumerable.Range(0, promptLen).Select(i => (long)((i * 7919 + b * 104729) % config.VocabSize)).ToArray()).ToArray();
        var opts = new GenerationOptions { MaxNewTokens = newTokens };
        TextGenerator.Generate(model, prompts, opts with { MaxNewTokens = 4 });       // warm-up
        var stamps = new List<double>();
        var sw = Stopwatch.StartNew();
        TextGenerator.Generate(model, prompts, opts, (_, _) => stamps.Add(sw.Elapsed.TotalSeconds));
        double prefill = stamps[0];
        var steps = stamps.Zip(stamps.Skip(1), (a, b) => b - a).OrderBy(x => x).ToList();
        double median = steps[steps.Count / 2];
        long n = model.parameters().Where(p => p.dim() == 2).Sum(p => p.NumberOfElements) - config.VocabSize * (long)config.HiddenSize;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            impl = "sharptune",
            config = PeerConfigs.Arg(args, "--config", "small"),
            prompt_len = promptLen, new_tokens = newTokens, batch,
            prefill_tokens_per_s = Math.Round(batch * promptLen / prefill, 1),
            decode_median_step_s = Math.Round(median, 5),
            decode_tokens_per_s = Math.Round(batch / median, 2),
            flops_matmul_params_N = n,
            decode_gflops_per_s = Math.Round(2.0 * n * batch / median / 1e9, 2),
        }));
        return 0;
    }
}
