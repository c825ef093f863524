// Continuous batching (Yu et al. 2022, "Orca"; vLLM's scheduler) on one thread that owns the model: requests wait in
// a bounded queue, join the running batch at the next decode step once their prompt is cached, and leave when they
// finish or are cancelled. A newcomer's prompt is processed in chunks of PrefillChunk tokens, one chunk between two
// decode steps of the others, so a long prompt delays the running rows by at most one chunk per step (when nothing
// is running the whole prompt goes at once). Newcomers with short prompts are prefilled together in one padded pass,
// while others run as when nothing does. Rows may use different LoRA adapters of one base (LoraRouting).
using System.Collections.Concurrent;
using SharpTune.Core.Modeling;
using SharpTune.Core.Native;
using SharpTune.Core.Peft.Lora;
using static TorchSharp.torch;

namespace SharpTune.Core.Generation;

public sealed class ContinuousBatcher : IDisposable
{
    readonly ICausalLM _model;
    readonly LoraRouting? _routing;
    readonly BatcherOptions _options;
    readonly ConcurrentQueue<BatchRequest> _queue = new();
    readonly SemaphoreSlim _signal = new(0);
    readonly Thread _thread;
    readonly List<Prefill> _prefilling = [];
    readonly RowBatch _batch;
    volatile bool _stopping;
    int _waiting, _running;

    /// <param name="routing">The model's per-row adapter routing, or null when the model has no adapters.</param>
    public ContinuousBatcher(ICausalLM model, LoraRouting? routing, BatcherOptions? options = null)
    {
        _model = model;
        _routing = routing;
        _options = options ?? new BatcherOptions();
        if (_options.MaxBatch < 1 || _options.MaxWaiting < 0 || _options.PrefillChunk < 1 || _options.HeadroomCap < 1 || _options.PrefillBatchTokens < 1 || _options.DecodeThreads is < 1)
            throw new ArgumentException($"batcher limits must be positive, got {_options}");
        _batch = new RowBatch(model, _options.HeadroomCap);
        _thread = new Thread(Loop) { IsBackground = true, Name = "sharptune-decode" };
        _thread.Start();
    }

    /// <summary>Requests waiting for a row.</summary>
    public int Waiting => Volatile.Read(ref _waiting);
    /// <summary>Rows prefilling or decoding.</summary>
    public int Running => Volatile.Read(ref _running);
    /// <summary>Decode steps run so far, and the rows they carried in total (their ratio is the mean batch size).</summary>
    public long Steps { get; private set; }
    public long StepRows { get; private set; }

    /// <summary>Queues <paramref name="request"/>; false when the queue is full (the caller answers 429) or the batcher stops.</summary>
    public bool TrySubmit(BatchRequest request) => TrySubmitAll([request]);

    /// <summary>Queues all of <paramref name="requests"/> or none (false: the queue has no room for all, or the batcher
    /// stops). Requests queued together while nothing runs have their prompts processed in one batch.</summary>
    public bool TrySubmitAll(IReadOnlyList<BatchRequest> requests)
    {
        if (_stopping) return false;
        if (Interlocked.Add(ref _waiting, requests.Count) > _options.MaxWaiting + Math.Max(0, _options.MaxBatch - Running))
        {
            Interlocked.Add(ref _waiting, -requests.Count);
            return false;
        }
        lock (_queue) foreach (var r in requests) _queue.Enqueue(r);                           // admitted together (Admit takes the lock)
        _signal.Release();
        return true;
    }

    /// <summary>Forward passes over prompts so far (a batched prefill of several prompts counts once).</summary>
    public long PrefillPasses { get; private set; }

    sealed class Prefill(RowBatch.Row row, KvCache cache)
    {
        public RowBatch.Row Row { get; } = row;
        public KvCache Cache { get; } = cache;
        public long Done { get; set; }
    }

    void Loop()
    {
        using var grad = no_grad();
        while (!_stopping)
        {
            try
            {
                Admit();
                DropCancelled();
                if (_prefilling.Count == 0 && _batch.Count == 0) { _signal.Wait(200); continue; }
                var group = PrefillGroup();
                if (group.Count > 1) PrefillTogether(group);
                else if (_prefilling.Count > 0) PrefillChunk(_prefilling[0]);
                if (_batch.Count > 0) DecodeStep();
            }
            catch (Exception e)
            {
                foreach (var p in _prefilling) { p.Row.Request.End(e); p.Cache.Dispose(); }
                _prefilling.Clear();
                foreach (var r in _batch.Rows) r.Request.End(e);
                _batch.Leave(_ => true);
                Volatile.Write(ref _running, 0);
            }
        }
        foreach (var p in _prefilling) { p.Row.Request.End(); p.Cache.Dispose(); }
        foreach (var r in _batch.Rows) r.Request.End();
        while (_queue.TryDequeue(out var q)) q.End();
        _batch.Dispose();
    }

    void Admit()
    {
        lock (_queue) AdmitLocked();
    }

    void AdmitLocked()
    {
        while (_prefilling.Count + _batch.Count < _options.MaxBatch && _queue.TryDequeue(out var r))
        {
            Interlocked.Decrement(ref _waiting);
            if (r.Cancel.IsCancellationRequested) { r.End(); continue; }
            var rng = r.Sampling.Temperature == 0 ? null : new Generator((ulong)(r.Sampling.Seed ?? Random.Shared.NextInt64()));
            var row = new RowBatch.Row(r, rng) { NextPosition = r.Prompt.Length };
            _prefilling.Add(new Prefill(row, _model.create_cache(1, r.Prompt.Length)));
        }
        Volatile.Write(ref _running, _prefilling.Count + _batch.Count);
    }

    void DropCancelled()
    {
        foreach (var p in _prefilling.Where(p => p.Row.Request.Cancel.IsCancellationRequested).ToList())
        {
            p.Row.Request.End();
            p.Cache.Dispose();
            p.Row.Rng?.Dispose();
            _prefilling.Remove(p);
        }
        _batch.Leave(r =>
        {
            if (!r.Request.Cancel.IsCancellationRequested) return false;
            r.Request.End();
            r.Rng?.Dispose();
            return true;
        });
        Volatile.Write(ref _running, _prefilling.Count + _batch.Count);
    }

    /// <summary>
    /// The newcomers to prefill in one pass: all that have not started when nothing is running; while others decode,
    /// those whose prompts fit one chunk, in arrival order, as long as rows × longest prompt stays within
    /// <see cref="BatcherOptions.PrefillBatchTokens"/>.
    /// </summary>
    List<Prefill> PrefillGroup()
    {
        var fresh = _prefilling.Where(p => p.Done == 0);
        if (_batch.Count == 0) return fresh.ToList();
        var group = new List<Prefill>();
        int longest = 0;
        foreach (var p in fresh.Where(p => p.Row.Request.Prompt.Length <= _options.PrefillChunk))
        {
            int l = Math.Max(longest, p.Row.Request.Prompt.Length);
            if (group.Count > 0 && (long)l * (group.Count + 1) > _options.PrefillBatchTokens) break;
            group.Add(p);
            longest = l;
        }
        return group;
    }

    void PrefillChunk(Prefill p)
    {
        using var scope = NewDisposeScope();
        var prompt = p.Row.Request.Prompt;
        long n = _batch.Count == 0 ? prompt.Length - p.Done : Math.Min(_options.PrefillChunk, prompt.Length - p.Done);
        var ids = tensor(prompt.AsSpan((int)p.Done, (int)n).ToArray(), device: _model.device).view(1, -1);
        _routing?.Assign([p.Row.Request.Adapter], _model.device);
        using var output = _model.forward(new CausalLMInputs { input_ids = ids, cache = p.Cache, last_logits_only = true });
        PrefillPasses++;
        p.Done += n;
        if (p.Done < prompt.Length) return;
        _prefilling.Remove(p);
        var e = RowSampler.Pick(output.logits.select(1, output.logits.shape[1] - 1), [p.Row])[0];
        p.Row.Request.Emit(e);
        if (e.FinishReason is null)
        {
            p.Row.LastToken = e.Id;
            _batch.Join(p.Row, p.Cache, prompt.Length);
        }
        else p.Row.Rng?.Dispose();
        p.Cache.Dispose();
    }

    /// <summary>
    /// The newcomers' prompts are processed in one left-padded batch (positions from the padding mask, as TextGenerator),
    /// each row picks its first token, and every row joins the running batch with its own columns.
    /// </summary>
    void PrefillTogether(List<Prefill> group)
    {
        using var scope = NewDisposeScope();
        int B = group.Count, T = group.Max(p => p.Row.Request.Prompt.Length);
        var ids = new long[B * T];
        var mask = new long[B * T];
        for (int b = 0; b < B; b++)
        {
            var prompt = group[b].Row.Request.Prompt;
            for (int t = 0; t < prompt.Length; t++) { ids[b * T + T - prompt.Length + t] = prompt[t]; mask[b * T + T - prompt.Length + t] = 1; }
        }
        var device = _model.device;
        var input_ids = tensor(ids, device: device).view(B, T);
        var attention_mask = tensor(mask, device: device).view(B, T);
        var position_ids = (attention_mask.cumsum(1) - 1).masked_fill(attention_mask.eq(0), 1);
        using var cache = _model.create_cache(B, T);
        PrefillPasses++;
        _routing?.Assign(group.Select(p => p.Row.Request.Adapter).ToList(), device);
        using var output = _model.forward(new CausalLMInputs
        {
            input_ids = input_ids, attention_mask = attention_mask, position_ids = position_ids, cache = cache, last_logits_only = true,
        });
        var events = RowSampler.Pick(output.logits.select(1, output.logits.shape[1] - 1), group.Select(p => p.Row).ToList());
        for (int b = 0; b < B; b++)
        {
            var p = group[b];
            _prefilling.Remove(p);
            p.Cache.Dispose();
            p.Row.Request.Emit(events[b]);
            if (events[b].FinishReason is not null) { p.Row.Rng?.Dispose(); continue; }
            p.Row.LastToken = events[b].Id;
            int length = p.Row.Request.Prompt.Length;
            _batch.Join(p.Row, cache, b, T - length, length);
        }
    }

    void DecodeStep()
    {
        using var threads = IntraOpThreads.Use(_options.DecodeThreads);                   // prefill keeps the process's count
        using var scope = NewDisposeScope();
        _batch.EnsureRoom();
        var inputs = _batch.StepInputs();
        _routing?.Assign(_batch.Rows.Select(r => r.Request.Adapter).ToList(), _model.device);
        using var output = _model.forward(inputs);
        _batch.Stepped(inputs.attention_mask!);
        Steps++;
        StepRows += _batch.Count;
        var events = RowSampler.Pick(output.logits.select(1, output.logits.shape[1] - 1), _batch.Rows);
        for (int i = 0; i < events.Length; i++)
        {
            var row = _batch.Rows[i];
            row.Request.Emit(events[i]);
            row.LastToken = events[i].Id;
            row.NextPosition++;
        }
        var done = new HashSet<RowBatch.Row>(_batch.Rows.Where((_, i) => events[i].FinishReason is not null));
        if (done.Count > 0)
        {
            _batch.Leave(done.Contains);
            foreach (var r in done) r.Rng?.Dispose();
        }
        Volatile.Write(ref _running, _prefilling.Count + _batch.Count);
    }

    /// <summary>Stops the decode thread; requests still queued or running end (their token streams complete).</summary>
    public void Dispose()
    {
        _stopping = true;
        _signal.Release();
        _thread.Join();
        _signal.Dispose();
    }
}
