using Prometheus;
using SharpTune.Core.Generation;

namespace SharpTune.Server.Api;

/// <summary>
/// The API's Prometheus metrics (prometheus-net, vLLM's names with a <c>sharptune_</c> prefix and a <c>model</c>
/// label): requests by finish reason, time to first token, inter-token latency, prompt and generated tokens, and
/// the batcher's queue depth and running rows (read when scraped). Each server has its own registry.
/// </summary>
public sealed class ApiMetrics
{
    static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    readonly Counter _requests, _prompt, _generated;
    readonly Histogram _ttft, _itl;

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public ApiMetrics(ContinuousBatcher batcher)
    {
        var f = Metrics.WithCustomRegistry(Registry);
        _requests = f.CreateCounter("sharptune_request_success_total", "Finished completion requests.", "model", "finished_reason");
        _prompt = f.CreateCounter("sharptune_prompt_tokens_total", "Prompt tokens processed.", "model");
        _generated = f.CreateCounter("sharptune_generation_tokens_total", "Tokens generated.", "model");
        _ttft = f.CreateHistogram("sharptune_time_to_first_token_seconds", "From a request's arrival to its first token.",
            new HistogramConfiguration { LabelNames = ["model"], Buckets = LatencyBuckets });
        _itl = f.CreateHistogram("sharptune_inter_token_latency_seconds", "Between two tokens of one choice.",
            new HistogramConfiguration { LabelNames = ["model"], Buckets = LatencyBuckets });
        var waiting = f.CreateGauge("sharptune_num_requests_waiting", "Requests (choices) waiting for a batch row.");
        var running = f.CreateGauge("sharptune_num_requests_running", "Choices prefilling or decoding in the batch.");
        Registry.AddBeforeCollectCallback(() =>
        {
            waiting.Set(batcher.Waiting);
            running.Set(batcher.Running);
        });
    }

    public void FirstToken(string model, double seconds) => _ttft.WithLabels(model).Observe(seconds);
    public void InterToken(string model, double seconds) => _itl.WithLabels(model).Observe(seconds);

    public void Finished(string model, string reason, int promptTokens, int completionTokens)
    {
        _requests.WithLabels(model, reason).Inc();
        _prompt.WithLabels(model).Inc(promptTokens);
        _generated.WithLabels(model).Inc(completionTokens);
    }
}
