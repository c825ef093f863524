namespace SharpTune.Server.Arena;

/// <summary>What <c>sharptune arena</c> serves: the database, the answers (prediction files), where to listen.</summary>
internal sealed record ArenaServeOptions
{
    public required string DbPath { get; init; }
    public required IReadOnlyList<(string Name, string Path)> Predictions { get; init; }
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 7860;
}
