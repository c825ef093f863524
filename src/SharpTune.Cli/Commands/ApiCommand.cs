using System.CommandLine;
using System.Globalization;
using SharpTune.Core.Configuration;
using SharpTune.Core.Generation;
using SharpTune.Server;
using SharpTune.Server.Api;
using SharpTune.Server.Experiments;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune api`: the OpenAI-compatible server (LLaMA-Factory's `api`, vLLM's `serve` for several adapters).</summary>
internal static class ApiCommand
{
    public static Command Create() => LfCommand.Create(
        "api",
        "Serve a model and its LoRA adapters over the OpenAI API (/v1/chat/completions, /v1/completions, /v1/models, /metrics). " +
        "Each adapter answers requests whose 'model' is its name; requests for any of them decode together in one batch.",
        [typeof(ModelArguments)],
        [
            new("adapters", "LoRA adapters to serve, name=path,name2=path2 (adapter_name_or_path folders are served under their folder names)."),
            new("lora_modules", "vLLM's spelling of --adapters (name=path ...)."),
            new("served_model_name", "The base model's name under /v1/models (default: the model folder's name)."),
            new("host", $"Address to bind (default {ServerInfo.DefaultHost}; 0.0.0.0 exposes the server to the network)."),
            new("port", "Port to bind (default 8000, or the API_PORT environment variable; 0 picks a free one)."),
            new("api_key", "Bearer key every route but /health requires (default: the API_KEY environment variable; none = open)."),
            new("max_batch", "Requests decoding together at most (default 8)."),
            new("max_waiting", "Requests waiting for a batch row at most before 429 (default 64)."),
            new("threads", "libtorch intra-op threads (default: one per core; 1 is faster for small models on a busy machine)."),
            new("decode_threads", "libtorch intra-op threads for decode steps only (prompt processing keeps --threads); default: as --threads. 1 decoded the bundled-size models 0.9–1.5x as fast as 2 on an idle 2-core machine (benchmarks/README.md)."),
            new("max_body_bytes", "Largest request body accepted before 413 (default 1048576)."),
            new("experiments", "Live A/B experiments (YAML: name, alias, variants, split); needs --db. Clients ask for the alias and get their user's variant."),
            new("db", "SQLite file where experiments record every response and its feedback (POST /v1/feedback); read it with 'sharptune ab report'."),
            new("json", "Print the bound address as one JSON object {\"address\": ...} when the server is ready."),
        ],
        Run);

    static int Run(ArgumentSet args)
    {
        var model = args.Bind<ModelArguments>();
        string dir = model.ModelNameOrPath ?? throw new ArgumentException("--model_name_or_path is required");
        var adapters = Adapters(args.Get("adapters")).Concat(Adapters(args.Get("lora_modules")))
            .Concat(model.AdapterNameOrPath.Select(p => (Path.GetFileName(Path.TrimEndingDirectorySeparator(p)), p))).ToList();
        var defaults = new BatcherOptions();
        var options = new ApiOptions
        {
            ModelNameOrPath = dir,
            Adapters = adapters,
            Template = model.Template,
            ServedModelName = args.Get("served_model_name"),
            Host = args.Get("host") ?? Environment.GetEnvironmentVariable("API_HOST") ?? ServerInfo.DefaultHost,
            Port = Int(args.Get("port") ?? Environment.GetEnvironmentVariable("API_PORT"), "port", 8000),
            ApiKey = args.Get("api_key") ?? (Environment.GetEnvironmentVariable("API_KEY") is { Length: > 0 } k ? k : null),
            MaxBodyBytes = Int(args.Get("max_body_bytes"), "max_body_bytes", 1 << 20),
            Dtype = model.Dtype,
            Threads = args.Get("threads") is { } t ? Int(t, "threads", 0) : null,
            Batching = defaults with { MaxBatch = Int(args.Get("max_batch"), "max_batch", defaults.MaxBatch), MaxWaiting = Int(args.Get("max_waiting"), "max_waiting", defaults.MaxWaiting),
                DecodeThreads = args.Get("decode_threads") is { } dt ? Int(dt, "decode_threads", 0) : null },
        };
        string? experiments = args.Get("experiments"), db = args.Get("db");
        if ((experiments is null) != (db is null)) throw new ArgumentException("--experiments and --db go together: the experiments file says how to route, the database keeps what happened");
        if (experiments is not null) options = ExperimentsModule.Attach(options, experiments, db!);
        var server = ApiServer.StartAsync(options).GetAwaiter().GetResult();
        if (args.Get("json") is { } j && j != "false") CliCommon.WriteJson(new { address = server.Address.ToString().TrimEnd('/') });
        else Console.Error.WriteLine($"Serving {server.Host.BaseName}{(adapters.Count > 0 ? " + " + string.Join(", ", adapters.Select(a => a.Item1)) : "")} at {server.Address} (Ctrl+C stops)");
        server.WaitForShutdownAsync().GetAwaiter().GetResult();
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }

    /// <summary>name=path pairs separated by commas or spaces.</summary>
    static IEnumerable<(string name, string path)> Adapters(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) yield break;
        foreach (var item in spec.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = item.IndexOf('=');
            if (eq <= 0 || eq == item.Length - 1) throw new ArgumentException($"--adapters '{item}' must be name=path (e.g. support=saves/lora-support)");
            yield return (item[..eq], item[(eq + 1)..]);
        }
    }

    static int Int(string? value, string key, int fallback) =>
        value is null ? fallback
        : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 0 ? n
        : throw new ArgumentException($"--{key} '{value}' must be a non-negative integer");
}
