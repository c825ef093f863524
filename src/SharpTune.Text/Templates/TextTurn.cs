namespace SharpTune.Text.Templates;

/// <summary>One (prompt, response) pair of a formatted conversation, as text.</summary>
public sealed record TextTurn(string Prompt, string Response);
