namespace SharpTune.Server.Arena;

/// <summary>What <c>sharptune arena</c> serves: the database, the answers (prediction files, or a model with adapters
/// and a dataset to generate them from), where to listen.</summary>
internal sealed record ArenaServeOptions
{
    public required string DbPath { get; init; }
    /// <summary>Prediction files; empty in model mode.</summary>
    public IReadOnlyList<(string Name, string Path)> Predictions { get; init; } = [];

    /// <summary>Model mode: the base model, the adapters (NAME=PATH, PATH may be <c>base</c>), the dataset and decoding.</summary>
    public SharpTune.Core.Configuration.ModelArguments? Model { get; init; }
    public IReadOnlyList<(string Name, string Path)> Adapters { get; init; } = [];
    public SharpTune.Core.Configuration.DataArguments? Data { get; init; }
    public SharpTune.Core.Configuration.GeneratingArguments? Generating { get; init; }
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 7860;
}
