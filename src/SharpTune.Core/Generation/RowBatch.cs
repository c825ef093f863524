using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Core.Generation;

/// <summary>
/// The running rows of a continuous batch and their shared KV cache. Every row owns one cache row; the cache's
/// positions are shared columns, and each row's valid columns are marked in <see cref="_columns"/> (1 = a token of
/// that row, 0 = before the row started or a hole), so rows of different lengths decode together as a left-padded
/// batch does. A newcomer's prefilled cache is right-aligned to the batch's last column; a finished row is dropped
/// and columns no row uses any more are cut off the front when the cache is rebuilt.
/// </summary>
internal sealed class RowBatch(ICausalLM model, int headroomCap) : IDisposable
{
    /// <summary>One running request: where it stands and what it feeds next.</summary>
    public sealed class Row(BatchRequest request, Generator? rng)
    {
        public BatchRequest Request { get; } = request;
        public Generator? Rng { get; } = rng;
        public long NextPosition { get; set; }
        public long LastToken { get; set; }
        public int Generated { get; set; }
        public int Remaining => Request.Sampling.MaxTokens - Generated;
    }

    readonly List<Row> _rows = [];
    KvCache? _cache;
    Tensor? _columns;                                                                // (B, Length) int64

    public IReadOnlyList<Row> Rows => _rows;
    public int Count => _rows.Count;
    public long Length => _cache?.Length ?? 0;

    /// <summary>Adds <paramref name="row"/> whose prompt of <paramref name="length"/> positions is cached in <paramref name="single"/> (batch 1).</summary>
    public void Join(Row row, KvCache single, long length) => Join(row, single, 0, 0, length);

    /// <summary>Adds <paramref name="row"/> whose prompt is cached in row <paramref name="from"/> of <paramref name="source"/>, columns
    /// <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> (a left-padded batched prefill).</summary>
    public void Join(Row row, KvCache source, long from, long start, long length)
    {
        using var scope = NewDisposeScope();
        long S = Length, S2 = Math.Max(S, length);
        int B = _rows.Count;
        var rows = _rows.Append(row).ToList();
        var cache = model.create_cache(B + 1, S2 + Headroom(rows));
        var columns = zeros(B + 1, S2, dtype: ScalarType.Int64, device: model.device);
        for (int l = 0; l < cache.Layers; l++)
        {
            if (_cache is not null)
            {
                cache.key_buffer(l).narrow(0, 0, B).narrow(2, S2 - S, S).copy_(_cache.key_buffer(l).narrow(2, 0, S));
                cache.value_buffer(l).narrow(0, 0, B).narrow(2, S2 - S, S).copy_(_cache.value_buffer(l).narrow(2, 0, S));
            }
            cache.key_buffer(l).narrow(0, B, 1).narrow(2, S2 - length, length).copy_(source.key_buffer(l).narrow(0, from, 1).narrow(2, start, length));
            cache.value_buffer(l).narrow(0, B, 1).narrow(2, S2 - length, length).copy_(source.value_buffer(l).narrow(0, from, 1).narrow(2, start, length));
        }
        if (_columns is not null) columns.narrow(0, 0, B).narrow(1, S2 - S, S).copy_(_columns);
        columns.narrow(0, B, 1).narrow(1, S2 - length, length).fill_(1);
        cache.advance(S2);
        _rows.Add(row);
        Replace(cache, columns.DetachFromDisposeScope());
    }

    /// <summary>Drops the rows for which <paramref name="leave"/> is true and cuts the columns nobody uses any more.</summary>
    public void Leave(Func<Row, bool> leave)
    {
        var keep = Enumerable.Range(0, _rows.Count).Where(i => !leave(_rows[i])).ToList();
        if (keep.Count == _rows.Count) return;
        if (keep.Count == 0) { _rows.Clear(); Replace(null, null); return; }
        var rows = keep.Select(i => _rows[i]).ToList();
        Rebuild(rows, keep);
    }

    /// <summary>Makes room for one more column (rebuilding without unused leading columns when the cache is full).</summary>
    public void EnsureRoom()
    {
        if (_cache is not null && _cache.Length >= _cache.Capacity) Rebuild(_rows.ToList(), Enumerable.Range(0, _rows.Count).ToList());
    }

    /// <summary>The inputs of the next decode step: last tokens (B, 1), the padding mask (B, Length + 1), positions (B, 1).</summary>
    public CausalLMInputs StepInputs()
    {
        var device = model.device;
        var ids = tensor(_rows.Select(r => r.LastToken).ToArray(), device: device).view(-1, 1);
        var positions = tensor(_rows.Select(r => r.NextPosition).ToArray(), device: device).view(-1, 1);
        var mask = cat([_columns!, ones(_rows.Count, 1, dtype: ScalarType.Int64, device: device)], 1);
        return new CausalLMInputs { input_ids = ids, attention_mask = mask, position_ids = positions, cache = _cache, last_logits_only = true };
    }

    /// <summary>After a decode step: the new column is valid for every row.</summary>
    public void Stepped(Tensor mask)
    {
        _columns!.Dispose();
        _columns = mask.DetachFromDisposeScope();
    }

    void Rebuild(List<Row> rows, List<int> keep)
    {
        using var scope = NewDisposeScope();
        var index = tensor(keep.Select(i => (long)i).ToArray(), device: model.device);
        var columns = _columns!.index_select(0, index);
        var used = columns.any(0).nonzero();                                              // (n, 1) columns some row still uses
        long first = used.shape[0] == 0 ? columns.shape[1] : used[0, 0].item<long>();
        long S = Length - first;
        var cache = model.create_cache(rows.Count, S + Headroom(rows));
        for (int l = 0; l < cache.Layers; l++)
        {
            cache.key_buffer(l).narrow(2, 0, S).copy_(_cache!.key_buffer(l).index_select(0, index).narrow(2, first, S));
            cache.value_buffer(l).narrow(2, 0, S).copy_(_cache.value_buffer(l).index_select(0, index).narrow(2, first, S));
        }
        cache.advance(S);
        _rows.Clear();
        _rows.AddRange(rows);
        Replace(cache, columns.narrow(1, first, S).clone().DetachFromDisposeScope());
    }

    /// <summary>Room to decode before the next rebuild: what the rows still may generate, at most the cap.</summary>
    long Headroom(List<Row> rows) => Math.Max(1, Math.Min(headroomCap, rows.Max(r => r.Remaining)));

    void Replace(KvCache? cache, Tensor? columns)
    {
        _cache?.Dispose();
        _columns?.Dispose();
        _cache = cache;
        _columns = columns;
    }

    public void Dispose() => Replace(null, null);
}
