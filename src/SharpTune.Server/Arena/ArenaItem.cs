namespace SharpTune.Server.Arena;

/// <summary>One prompt of the arena with every model's answer to it.</summary>
internal sealed record ArenaItem(string ItemId, string Prompt, IReadOnlyDictionary<string, string> Answers);
