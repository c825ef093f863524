using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SharpTune.Core.Benchmarking;
using SharpTune.Core.Generation;
using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Benchmarks.Serving;

/// <summary>
/// Decode and prefill speed of the server's ContinuousBatcher against the static batch of TextGenerator (what
/// `sharptune bench --mode generate` and the PyTorch peer's generate mode time) on a peer config with random weights:
/// B prompts of --prompt-len random tokens, --new-tokens greedy tokens each, alternating static / continuous rounds.
/// Reports wall tokens/s and tokens per process CPU second (less disturbed on a shared machine).
/// </summary>
internal sealed class BatcherDecodeBenchmark : IBenchmark
{
    public string Name => "batcher-decode";
    public string Description => "continuous batcher vs static TextGenerator: prefill / decode tokens/s (--config tiny --batch 8)";

    public int Run(string[] args)
    {
        string config = PeerConfigs.Arg(args, "--config", "tiny");
        int batch = int.Parse(PeerConfigs.Arg(args, "--batch", "8"), CultureInfo.InvariantCulture);
        int promptLen = int.Parse(PeerConfigs.Arg(args, "--prompt-len", "128"), CultureInfo.InvariantCulture);
        int newTokens = int.Parse(PeerConfigs.Arg(args, "--new-tokens", "64"), CultureInfo.InvariantCulture);
        int rounds = int.Parse(PeerConfigs.Arg(args, "--rounds", "2"), CultureInfo.InvariantCulture);
        int threads = int.Parse(PeerConfigs.Arg(args, "--threads", "2"), CultureInfo.InvariantCulture);
        set_num_threads(threads);
        SharpTune.Core.Modeling.CpuKernels.SkinnyInModel = PeerConfigs.Arg(args, "--skinny", "true") != "false";   // decode GEMMs on both cores, or libtorch's
        manual_seed(0);
        string dir = PeerConfigs.Arg(args, "--model", "");
        using var model = dir.Length > 0 ? SharpTune.Core.Checkpoints.ModelLoader.Load(dir) : new LlamaForCausalLM(PeerConfigs.Get(config), ScalarType.Float32);
        var c = model.config;
        if (dir.Length > 0) config = Path.GetFileName(Path.TrimEndingDirectorySeparator(dir));
        model.eval();
        using var g = new Generator(1);
        var ids = randint(0, c.VocabSize, [batch, promptLen], generator: g);
        var prompts = Enumerable.Range(0, batch).Select(b => ids[b].data<long>().ToArray()).ToArray();
        string decodeArg = PeerConfigs.Arg(args, "--decode-threads", "");
        int? decodeThreads = decodeArg.Length > 0 ? int.Parse(decodeArg, CultureInfo.InvariantCulture) : null;
        using var batcher = new ContinuousBatcher(model, null, new BatcherOptions(MaxBatch: batch, PrefillChunk: promptLen, DecodeThreads: decodeThreads));
        Static(model, prompts, 4);
        Continuous(batcher, prompts, 4);                                                            // warm-up
        var s = new List<Result>();
        var k = new List<Result>();
        for (int r = 0; r < rounds; r++) { s.Add(Static(model, prompts, newTokens)); k.Add(Continuous(batcher, prompts, newTokens)); }
        var output = new JsonObject { ["config"] = config, ["batch"] = batch, ["prompt_len"] = promptLen, ["new_tokens"] = newTokens, ["rounds"] = rounds, ["threads"] = threads, ["decode_threads"] = decodeThreads ?? threads, ["skinny"] = SharpTune.Core.Modeling.CpuKernels.SkinnyInModel };
        output["static"] = Summary(s);
        output["continuous"] = Summary(k);
        output["continuous_over_static_decode"] = Math.Round(Stats.Median(k.Select(x => x.Decode)) / Stats.Median(s.Select(x => x.Decode)), 3);
        output["continuous_over_static_decode_per_cpu_s"] = Math.Round(Stats.Median(k.Select(x => x.DecodePerCpu)) / Stats.Median(s.Select(x => x.DecodePerCpu)), 3);
        Console.WriteLine(output.ToJsonString());
        return 0;
    }

    /// <summary>Decode tokens/s (after the first token), prefill tokens/s (until the first token), decode tokens per CPU second,
    /// and decode tokens/s from the median step (static only, as the peer's decode_tokens_per_s: robust to a neighbour's
    /// bursts; the continuous batcher's steps are not visible from outside, NaN there).</summary>
    sealed record Result(double Decode, double Prefill, double DecodePerCpu, double DecodeMedianStep);

    static JsonObject Summary(List<Result> r) => new()
    {
        ["decode_tokens_per_s"] = Math.Round(Stats.Median(r.Select(x => x.Decode)), 1),
        ["prefill_tokens_per_s"] = Math.Round(Stats.Median(r.Select(x => x.Prefill)), 1),
        ["decode_tokens_per_cpu_s"] = Math.Round(Stats.Median(r.Select(x => x.DecodePerCpu)), 1),
        ["decode_median_step_tokens_per_s"] = r.Any(x => double.IsNaN(x.DecodeMedianStep)) ? null : Math.Round(Stats.Median(r.Select(x => x.DecodeMedianStep)), 1),
        ["decode_tokens_per_s_rounds"] = new JsonArray(r.Select(x => (JsonNode)Math.Round(x.Decode, 1)).ToArray()),
    };

    static Result Static(ICausalLM model, long[][] prompts, int newTokens)
    {
        var process = Process.GetCurrentProcess();
        double first = 0, cpuAtFirst = 0, last = 0;
        var steps = new List<double>();
        var sw = Stopwatch.StartNew();
        TextGenerator.Generate(model, prompts, new GenerationOptions { MaxNewTokens = newTokens }, (step, _) =>
        {
            double now = sw.Elapsed.TotalSeconds;
            if (step > 0) steps.Add(now - last);
            last = now;
            if (step != 0) return;
            first = sw.Elapsed.TotalSeconds;
            process.Refresh();
            cpuAtFirst = process.TotalProcessorTime.TotalSeconds;
        });
        double total = sw.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = process.TotalProcessorTime.TotalSeconds - cpuAtFirst;
        double decoded = prompts.Length * (newTokens - 1);
        return new Result(decoded / (total - first), prompts.Sum(p => p.Length) / first, decoded / cpu, prompts.Length / Stats.Median(steps));
    }

    static Result Continuous(ContinuousBatcher batcher, long[][] prompts, int newTokens)
    {
        var process = Process.GetCurrentProcess();
        var requests = prompts.Select(p => new BatchRequest(p, -1, new SamplingParams(newTokens, Temperature: 0))).ToList();
        var sw = Stopwatch.StartNew();
        batcher.TrySubmitAll(requests);
        var firsts = new double[requests.Count];
        double cpuAtFirst = 0;
        var readers = requests.Select((r, i) => Task.Run(async () =>
        {
            await foreach (var _ in r.Tokens.ReadAllAsync())
            {
                if (firsts[i] == 0)
                {
                    firsts[i] = sw.Elapsed.TotalSeconds;
                    if (i == requests.Count - 1) { process.Refresh(); cpuAtFirst = process.TotalProcessorTime.TotalSeconds; }
                }
            }
        })).ToArray();
        Task.WaitAll(readers);
        double total = sw.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = process.TotalProcessorTime.TotalSeconds - cpuAtFirst;
        double lastFirst = firsts.Max();
        double decoded = prompts.Length * (newTokens - 1);
        return new Result(decoded / (total - lastFirst), prompts.Sum(p => p.Length) / lastFirst, decoded / cpu, double.NaN);
    }
}
