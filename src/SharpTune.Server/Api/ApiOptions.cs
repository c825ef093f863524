using Microsoft.AspNetCore.Routing;
using SharpTune.Core.Generation;

namespace SharpTune.Server.Api;

/// <summary>What `sharptune api` serves and how (LLaMA-Factory's api / vLLM's serve options).</summary>
public sealed record ApiOptions
{
    /// <summary>The base model folder (config.json, safetensors, tokenizer.json).</summary>
    public required string ModelNameOrPath { get; init; }
    /// <summary>LoRA adapters served next to the base, each chosen by its name as the request's <c>model</c>.</summary>
    public IReadOnlyList<(string name, string path)> Adapters { get; init; } = [];
    /// <summary>The chat template; null infers it from the tokenizer's chat_template.</summary>
    public string? Template { get; init; }
    /// <summary>The base's name under /v1/models; null uses the model folder's name.</summary>
    public string? ServedModelName { get; init; }
    /// <summary>The name the base answers to: <see cref="ServedModelName"/>, else the model folder's name.</summary>
    public string BaseServedName => ServedModelName ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(ModelNameOrPath)));
    public string Host { get; init; } = ServerInfo.DefaultHost;
    /// <summary>0 binds a free port (read it from <see cref="ApiServer.Address"/>).</summary>
    public int Port { get; init; } = 8000;
    /// <summary>The Bearer key every /v1 route requires; null leaves the API open.</summary>
    public string? ApiKey { get; init; }
    /// <summary>Request bodies above this many bytes are answered 413.</summary>
    public long MaxBodyBytes { get; init; } = 1 << 20;
    /// <summary>The model's dtype (float32, bfloat16, …); null keeps the checkpoint's.</summary>
    public string? Dtype { get; init; }
    public BatcherOptions Batching { get; init; } = new();
    /// <summary>libtorch's intra-op threads (torch.set_num_threads); null keeps its default (one per core). On a busy
    /// machine one thread decodes a small model faster: a second thread that is descheduled stalls every parallel op.</summary>
    public int? Threads { get; init; }
    /// <summary>Routes requested models to variants and records finished completions (live A/B experiments).</summary>
    public ICompletionObserver? Observer { get; init; }
    /// <summary>More routes on the same server (experiments, arena).</summary>
    public Action<IEndpointRouteBuilder>? ExtraRoutes { get; init; }
    /// <summary>How long shutdown waits for running requests before cancelling them.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
