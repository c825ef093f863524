using SharpTune.Core.Modeling;
using SharpTune.Core.Native;
using SharpTune.Core.Peft;
using SharpTune.Server.Api;
using SharpTune.Text.Tokenization;
using static TorchSharp.torch;

namespace SharpTune.Server.Tests.Api;

/// <summary>
/// The bundled stories260K model served with two LoRA adapters trained here for a few steps on different sentences
/// (so each answers differently), on a free loopback port with an API key, a small body limit and a small batch.
/// A second server routes the alias "ab-test" through a <see cref="RecordingObserver"/>.
/// </summary>
public sealed class ServedModelFixture : IAsyncLifetime
{
    public const string Key = "test-key-123", BaseName = "stories260K", Alias = "ab-test";
    public static string Stories { get; } = Path.Combine(FindRoot(), "examples", "models", "stories260K");
    readonly string _dir = Path.Combine(Path.GetTempPath(), "sharptune-api-" + Guid.NewGuid().ToString("N"));

    public string AdapterA => Path.Combine(_dir, "a");
    public string AdapterB => Path.Combine(_dir, "b");
    public ApiServer Server { get; private set; } = null!;
    public ApiServer Routed { get; private set; } = null!;
    public RecordingObserver Observer { get; } = new("lora-b", "B");

    public async Task InitializeAsync()
    {
        LibTorchRuntime.EnsureLoaded();
        var tokenizer = Tokenizer.Load(Stories);
        Train(tokenizer, AdapterA, "Tom had a big red ball. He liked to play with the ball every day.", seed: 1);
        Train(tokenizer, AdapterB, "The little cat sat in the sun. The cat was happy and warm.", seed: 2);
        var options = new ApiOptions
        {
            ModelNameOrPath = Stories, Adapters = [("lora-a", AdapterA), ("lora-b", AdapterB)], Template = "alpaca", Port = 0,
            ApiKey = Key, MaxBodyBytes = 16 * 1024, Batching = new(MaxBatch: 3, MaxWaiting: 1, PrefillChunk: 16),
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        };
        Server = await ApiServer.StartAsync(options);
        Routed = await ApiServer.StartAsync(options with { ApiKey = null, Observer = Observer, Batching = new() });
    }

    /// <summary>A few AdamW steps of LoRA on one sentence, saved as a PEFT adapter folder.</summary>
    static void Train(Tokenizer tokenizer, string dir, string text, int seed)
    {
        using var peft = PeftBuilder.Build(Stories, new FinetuningOptions { LoraRank = 4, LoraAlpha = 16, LoraTarget = "all", Seed = seed });
        peft.train();
        var parameters = peft.TrainableParameters().Select(p => p.parameter).ToList();
        using var optimizer = optim.AdamW(parameters, 1e-2);
        var ids = tokenizer.EncodeToIds(text).Select(i => (long)i).ToArray();
        using var input = tensor(ids).view(1, -1);
        for (int step = 0; step < 15; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            using var output = peft.forward(new CausalLMInputs { input_ids = input, labels = input });
            output.loss!.backward();
            optimizer.step();
        }
        peft.eval();
        peft.Save(dir);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Routed.DisposeAsync();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d != null && !File.Exists(Path.Combine(d.FullName, "SharpTune.sln"))) d = d.Parent;
        return d?.FullName ?? throw new DirectoryNotFoundException("SharpTune.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A test observer: routes <see cref="ServedModelFixture.Alias"/> to one served model and keeps every record.</summary>
public sealed class RecordingObserver(string servedModel, string variant) : ICompletionObserver
{
    readonly List<CompletionRecord> _records = [];

    public IReadOnlyList<CompletionRecord> Records { get { lock (_records) return _records.ToList(); } }

    public RoutedModel? Route(string requestedModel, string? userId) =>
        requestedModel == ServedModelFixture.Alias ? new RoutedModel(servedModel, "exp1", variant, userId, userId is not null) : null;

    public void Completed(CompletionRecord record) { lock (_records) _records.Add(record); }
}
