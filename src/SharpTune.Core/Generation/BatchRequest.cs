using System.Threading.Channels;

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

/// <summary>A prompt submitted to <see cref="ContinuousBatcher"/>; its tokens arrive on <see cref="Tokens"/>.</summary>
public sealed class BatchRequest
{
    readonly Channel<TokenEvent> _channel = Channel.CreateUnbounded<TokenEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <param name="prompt">Prompt ids (at least one).</param>
    /// <param name="adapter">The adapter index of this row (−1 = the base model).</param>
    /// <param name="sampling">How to decode.</param>
    /// <param name="cancel">Cancelling leaves the batch at the next step and completes <see cref="Tokens"/>.</param>
    public BatchRequest(long[] prompt, int adapter, SamplingParams sampling, CancellationToken cancel = default)
    {
        if (prompt.Length == 0) throw new ArgumentException("every prompt needs at least one token");
        if (sampling.MaxTokens < 1) throw new ArgumentException($"max_tokens must be ≥ 1, got {sampling.MaxTokens}");
        Prompt = prompt; Adapter = adapter; Sampling = sampling; Cancel = cancel;
    }

    public long[] Prompt { get; }
    public int Adapter { get; }
    public SamplingParams Sampling { get; }
    public CancellationToken Cancel { get; }
    /// <summary>The generated tokens in order; completes after the token that carries a finish reason, on cancellation, or with the scheduler's error.</summary>
    public ChannelReader<TokenEvent> Tokens => _channel.Reader;

    int _emitted;

    /// <summary>Tokens generated so far.</summary>
    public int Emitted => Volatile.Read(ref _emitted);

    internal void Emit(TokenEvent e)
    {
        Interlocked.Increment(ref _emitted);
        _channel.Writer.TryWrite(e);
        if (e.FinishReason is not null) _channel.Writer.TryComplete();
    }

    internal void End(Exception? error = null) => _channel.Writer.TryComplete(error);
}
