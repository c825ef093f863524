namespace SharpTune.Core.Generation;

/// <summary>One generated token of a row (or only the end of the row when <see cref="Id"/> is −1).</summary>
/// <param name="Id">The token id.</param>
/// <param name="Logprob">log p(token) under the model's raw distribution, when asked.</param>
/// <param name="Top">The most likely tokens and their log-probabilities, when asked.</param>
/// <param name="FinishReason">Null while the row goes on; <c>stop</c> (a stop id, which is not text) or <c>length</c>.</param>
public sealed record TokenEvent(int Id, double? Logprob, IReadOnlyList<(int id, double logprob)>? Top, string? FinishReason)
{
    /// <summary>True when the token is the stop id that ended the row (it counts as generated but is not content).</summary>
    public bool IsStopToken => FinishReason == "stop";
}
