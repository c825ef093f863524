namespace SharpTune.Core.Generation;

/// <summary>Limits of a <see cref="ContinuousBatcher"/>.</summary>
/// <param name="MaxBatch">Rows decoding together at most (prefilling newcomers included).</param>
/// <param name="MaxWaiting">Requests waiting for a row at most; <see cref="ContinuousBatcher.TrySubmit"/> refuses beyond.</param>
/// <param name="PrefillChunk">Prompt tokens processed between two decode steps while others run.</param>
/// <param name="HeadroomCap">Cache positions allocated ahead at most when the batch's cache is rebuilt.</param>
/// <param name="PrefillBatchTokens">While others run, newcomers whose prompts each fit one chunk are prefilled together in
/// one left-padded pass of at most this many tokens (rows × longest prompt) between two decode steps.</param>
/// <param name="DecodeThreads">libtorch intra-op threads for decode steps (prefill keeps the process's setting); null keeps
/// the process's setting for both. A decode step of a small model is many microsecond ops on a few rows, where a second
/// OpenMP thread costs more in synchronisation than it adds (benchmarks/README.md, batcher-decode).</param>
public sealed record BatcherOptions(int MaxBatch = 8, int MaxWaiting = 64, int PrefillChunk = 64, int HeadroomCap = 256, int PrefillBatchTokens = 256, int? DecodeThreads = null);
