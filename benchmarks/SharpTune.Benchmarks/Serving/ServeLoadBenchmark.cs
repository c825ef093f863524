using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SharpTune.Core.Benchmarking;
using SharpTune.Server.Api;

namespace SharpTune.Benchmarks.Serving;

/// <summary>
/// A load generator for `sharptune api`: N concurrent clients each stream R completions (SSE) and the run reports
/// time to first token p50 / p95, inter-token latency p50 / p95 and aggregate generated tokens/s. Client counts are
/// run in alternating rounds (1 8 1 8 …) against one server so a shared machine's drift hits each alike; the server
/// runs in this process on a free port unless --url names a running one.
/// </summary>
internal sealed class ServeLoadBenchmark : IBenchmark
{
    public string Name => "serve-load";
    public string Description => "N concurrent streaming clients against the OpenAI API: TTFT, inter-token latency, tokens/s (--clients 1,8)";

    public int Run(string[] args)
    {
        var a = Args(args);
        string model = a.GetValueOrDefault("model", Path.Combine(FindRoot(), "examples", "models", "stories260K"));
        var clients = a.GetValueOrDefault("clients", "1,8").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        int rounds = Int(a, "rounds", 2), perClient = Int(a, "requests", 3), maxTokens = Int(a, "max-tokens", 64), batch = Int(a, "max-batch", 8);
        double temperature = double.Parse(a.GetValueOrDefault("temperature", "1.0"), CultureInfo.InvariantCulture);
        string prompt = a.GetValueOrDefault("prompt", "Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her friends.");
        string served = a.GetValueOrDefault("served-model", Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(model))));
        ApiServer? server = null;
        Uri url = a.TryGetValue("url", out var u) ? new Uri(u)
            : (server = ApiServer.StartAsync(new ApiOptions { ModelNameOrPath = model, Port = 0, Template = "alpaca", Threads = a.TryGetValue("threads", out var th) ? int.Parse(th, CultureInfo.InvariantCulture) : null, Batching = new(MaxBatch: batch, MaxWaiting: 256) }).GetAwaiter().GetResult()).Address;
        try
        {
            using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(10) };
            Once(http, served, 1, 1, maxTokens, temperature, prompt, 0);                                                 // warm-up
            var results = clients.ToDictionary(c => c, _ => new List<RoundResult>());
            for (int r = 0; r < rounds; r++)
                foreach (int c in clients) results[c].Add(Once(http, served, c, perClient, maxTokens, temperature, prompt, r));
            var output = new JsonObject { ["url"] = url.ToString(), ["max_tokens"] = maxTokens, ["requests_per_client"] = perClient, ["processor_count"] = Environment.ProcessorCount, ["threads"] = TorchSharp.torch.get_num_threads() };
            foreach (var (c, list) in results)
            {
                var ttft = list.SelectMany(x => x.Ttft).ToList();
                var itl = list.SelectMany(x => x.Itl).ToList();
                output[$"clients_{c}"] = new JsonObject
                {
                    ["tokens_per_s_median"] = Stats.Median(list.Select(x => x.TokensPerS)),
                    ["tokens_per_s_rounds"] = new JsonArray(list.Select(x => (JsonNode)Math.Round(x.TokensPerS, 1)).ToArray()),
                    ["ttft_ms_p50"] = Percentile(ttft, 0.5), ["ttft_ms_p95"] = Percentile(ttft, 0.95),
                    ["itl_ms_p50"] = Percentile(itl, 0.5), ["itl_ms_p95"] = Percentile(itl, 0.95),
                    ["completion_tokens"] = list.Sum(x => x.Tokens),
                };
            }
            if (clients.Count == 2) output["aggregate_ratio"] = Stats.Median(results[clients[1]].Select(x => x.TokensPerS)) / Stats.Median(results[clients[0]].Select(x => x.TokensPerS));
            Console.WriteLine(output.ToJsonString());
            return 0;
        }
        finally { server?.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }

    sealed record RoundResult(double TokensPerS, int Tokens, List<double> Ttft, List<double> Itl);

    static RoundResult Once(HttpClient http, string model, int clients, int perClient, int maxTokens, double temperature, string prompt, int round)
    {
        var wall = Stopwatch.StartNew();
        var runs = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var list = new List<(int tokens, double ttft, List<double> itl)>();
            for (int i = 0; i < perClient; i++) list.Add(await Stream(http, model, prompt, maxTokens, temperature, seed: round * 1000 + c * 10 + i));
            return list;
        })).ToArray();
        Task.WaitAll(runs);
        double seconds = wall.Elapsed.TotalSeconds;
        var all = runs.SelectMany(t => t.Result).ToList();
        int tokens = all.Sum(x => x.tokens);
        return new RoundResult(tokens / seconds, tokens, all.Select(x => x.ttft).ToList(), all.SelectMany(x => x.itl).ToList());
    }

    /// <summary>One streamed completion: tokens (from the usage chunk), time to the first text, gaps between text chunks (ms).</summary>
    static async Task<(int tokens, double ttft, List<double> itl)> Stream(HttpClient http, string model, string prompt, int maxTokens, double temperature, long seed)
    {
        var body = new JsonObject
        {
            ["model"] = model, ["prompt"] = prompt, ["max_tokens"] = maxTokens, ["temperature"] = temperature, ["seed"] = seed,
            ["stream"] = true, ["stream_options"] = new JsonObject { ["include_usage"] = true },
        };
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        double? first = null, last = 0;
        var gaps = new List<double>();
        int tokens = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal)) continue;
            var chunk = JsonNode.Parse(line[6..])!;
            if (chunk["usage"] is JsonObject usage) { tokens = usage["completion_tokens"]!.GetValue<int>(); continue; }
            double now = clock.Elapsed.TotalMilliseconds;
            if (first is null) first = now; else gaps.Add(now - last!.Value);
            last = now;
        }
        return (tokens, first ?? clock.Elapsed.TotalMilliseconds, gaps);
    }

    static double Percentile(List<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        var s = values.Order().ToList();
        return Math.Round(s[(int)Math.Min(s.Count - 1, Math.Floor(q * s.Count))], 2);
    }

    static Dictionary<string, string> Args(string[] args)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2)
            d[args[i].TrimStart('-')] = args[i + 1];
        return d;
    }

    static int Int(Dictionary<string, string> a, string key, int fallback) => a.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d != null && !File.Exists(Path.Combine(d.FullName, "SharpTune.sln"))) d = d.Parent;
        return d?.FullName ?? Directory.GetCurrentDirectory();
    }
}
