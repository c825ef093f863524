using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SharpTune.Core.Generation;

namespace SharpTune.Server.Api;

/// <summary>
/// The n choices of one request decoding in the shared batch: one batch row per choice (choice i samples with seed
/// + i), their pieces merged in arrival order. A choice that meets a stop string leaves the batch at once; the
/// client going away cancels every row.
/// </summary>
internal sealed class CompletionRun : IDisposable
{
    readonly CancellationTokenSource _all;
    readonly List<(BatchRequest row, ChoiceDecoder decoder, CancellationTokenSource stop)> _choices = [];
    readonly Stopwatch _clock;
    readonly ApiMetrics _metrics;
    readonly string _model;

    public int PromptTokens { get; }
    public int CompletionTokens => _choices.Sum(c => c.decoder.Tokens);
    public double? TimeToFirstTokenMs { get; private set; }
    public IReadOnlyList<ChoiceDecoder> Decoders => _choices.Select(c => c.decoder).ToList();

    CompletionRun(int promptTokens, Stopwatch clock, CancellationToken abort, ApiMetrics metrics, string model)
    {
        PromptTokens = promptTokens; _clock = clock; _metrics = metrics; _model = model;
        _all = CancellationTokenSource.CreateLinkedTokenSource(abort);
    }

    /// <summary>Queues the choices; a full queue is a 429 (nothing stays queued then).</summary>
    public static CompletionRun Start(ModelHost host, CompletionRequest r, string servedModel, int adapter, long[] prompt, IReadOnlyList<long> stopIds,
        int maxTokens, Stopwatch clock, CancellationToken abort, ApiMetrics metrics)
    {
        var run = new CompletionRun(prompt.Length, clock, abort, metrics, servedModel);
        for (int i = 0; i < r.N; i++)
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(run._all.Token);
            var sampling = new SamplingParams(maxTokens, r.Temperature, r.TopP, r.Seed is long s ? s + i : null, stopIds, r.TopLogprobs);
            var row = new BatchRequest(prompt, adapter, sampling, stop.Token);
            run._choices.Add((row, new ChoiceDecoder(host.Tokenizer, r.Stop, i, r.IsChat ? [] : Context(prompt)), stop));
        }
        if (!host.Batcher.TrySubmitAll(run._choices.Select(c => c.row).ToList()))
        {
            run.Dispose();
            throw new ApiException(429, $"the server is busy ({host.Batcher.Running} requests decoding, {host.Batcher.Waiting} waiting); retry shortly");
        }
        return run;
    }

    /// <summary>The last prompt tokens a text completion's tokens are decoded after (at most 4).</summary>
    static int[] Context(long[] prompt) => prompt.TakeLast(4).Select(i => (int)i).ToArray();

    /// <summary>Every choice's pieces until each has finished.</summary>
    public async IAsyncEnumerable<ChoicePiece> Pieces([EnumeratorCancellation] CancellationToken cancel = default)
    {
        var merged = Channel.CreateUnbounded<ChoicePiece>();
        int open = _choices.Count;
        foreach (var (row, decoder, stop) in _choices)
            _ = Task.Run(async () =>
            {
                try
                {
                    double last = 0;
                    await foreach (var e in row.Tokens.ReadAllAsync(CancellationToken.None))
                    {
                        double now = _clock.Elapsed.TotalMilliseconds;
                        if (TimeToFirstTokenMs is null) { TimeToFirstTokenMs = now; _metrics.FirstToken(_model, now / 1000); }
                        else _metrics.InterToken(_model, (now - last) / 1000);
                        last = now;
                        var piece = decoder.Push(e);
                        merged.Writer.TryWrite(piece);
                        if (piece.FinishReason is not null) { stop.Cancel(); break; }
                    }
                    if (decoder.FinishReason is null) throw new ApiException(503, "the generation was cancelled (the server is stopping)");
                }
                catch (Exception e) { merged.Writer.TryComplete(e); }
                finally { if (Interlocked.Decrement(ref open) == 0) merged.Writer.TryComplete(); }
            }, CancellationToken.None);
        await foreach (var p in merged.Reader.ReadAllAsync(cancel)) yield return p;
    }

    public void Dispose()
    {
        _all.Cancel();
        foreach (var c in _choices) c.stop.Dispose();
        _all.Dispose();
    }
}
