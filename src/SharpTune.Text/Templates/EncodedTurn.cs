namespace SharpTune.Text.Templates;

/// <summary>One (prompt ids, response ids) pair: label masking ignores the prompt and learns the response.</summary>
public sealed record EncodedTurn(IReadOnlyList<int> PromptIds, IReadOnlyList<int> ResponseIds);
