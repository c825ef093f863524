namespace SharpTune.Core.Generation;

/// <summary>How one row of a continuous batch decodes, as the OpenAI request asks.</summary>
/// <param name="MaxTokens">Tokens to generate at most (finish reason <c>length</c> when reached).</param>
/// <param name="Temperature">0 = greedy (argmax); otherwise the scores are divided by it before sampling.</param>
/// <param name="TopP">Nucleus filtering, in (0, 1].</param>
/// <param name="Seed">Seed of this row's own generator (same seed ⇒ same samples); null draws one.</param>
/// <param name="StopTokenIds">Ids that end the row with finish reason <c>stop</c>.</param>
/// <param name="TopLogprobs">Null: no log-probabilities; k ≥ 0: the chosen token's and the k most likely.</param>
public sealed record SamplingParams(int MaxTokens, double Temperature = 1.0, double TopP = 1.0, long? Seed = null,
    IReadOnlyList<long>? StopTokenIds = null, int? TopLogprobs = null);
