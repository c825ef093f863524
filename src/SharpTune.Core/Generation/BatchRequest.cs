using System.Threading.Channels;

namespace SharpTune.Core.Generation;

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
