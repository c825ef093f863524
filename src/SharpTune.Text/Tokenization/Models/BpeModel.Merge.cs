using System.Buffers;

namespace SharpTune.Text.Tokenization.Models;

/// <summary>The merge loop (Rust `Word::merge_all`) over a doubly linked list of symbols.</summary>
internal sealed partial class BpeModel
{
    /// <summary>Appends the word's ids and, when <paramref name="spans"/> is given, each token's char range in the word.</summary>
    private void MergeWord(ReadOnlySpan<char> word, List<int> output, List<(int Start, int End)>? spans = null)
    {
        int capacity = word.Length * 3 + 4; // a UTF-16 char yields at most 3 byte-fallback symbols
        int[]? rented = capacity > 300 ? ArrayPool<int>.Shared.Rent(capacity * 5) : null;
        Span<int> all = rented is null ? stackalloc int[capacity * 5] : rented;
        Span<int> ids = all[..capacity], prev = all.Slice(capacity, capacity), next = all.Slice(capacity * 2, capacity);
        Span<int> starts = all.Slice(capacity * 3, capacity), ends = all.Slice(capacity * 4, capacity);
        int n = BuildSymbols(word, ids, starts, ends);
        for (int i = 0; i < n; i++)
        {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }

        long[]? heapRented = n * 3 + 4 > 256 ? ArrayPool<long>.Shared.Rent(n * 3 + 4) : null;
        var heap = new MergeHeap(heapRented is null ? stackalloc long[256] : heapRented);
        for (int i = 0; i + 1 < n; i++)
        {
            if (_merges.TryGet(ids[i], ids[i + 1], out int r, out _)) heap.Push(r, i);
        }
        while (heap.Count > 0)
        {
            long top = heap.Pop();
            int rank = (int)(top >> 32), pos = (int)(uint)top;
            if (ids[pos] < 0 || next[pos] < 0) continue;
            int right = next[pos];
            if (!_merges.TryGet(ids[pos], ids[right], out int currentRank, out int newId) || currentRank != rank) continue;
            ids[pos] = newId;
            ids[right] = -1;
            ends[pos] = ends[right];
            next[pos] = next[right];
            if (next[right] >= 0) prev[next[right]] = pos;
            if (prev[pos] >= 0 && _merges.TryGet(ids[prev[pos]], ids[pos], out int rp, out _)) heap.Push(rp, prev[pos]);
            if (next[pos] >= 0 && _merges.TryGet(ids[pos], ids[next[pos]], out int rn, out _)) heap.Push(rn, pos);
        }
        for (int i = n > 0 ? 0 : -1; i >= 0; i = next[i])
        {
            output.Add(ids[i]);
            spans?.Add((starts[i], ends[i]));
        }

        if (rented is not null) ArrayPool<int>.Shared.Return(rented);
        if (heapRented is not null) ArrayPool<long>.Shared.Return(heapRented);
    }

    /// <summary>One symbol per code point (or its byte-fallback tokens, or a possibly fused unk); returns the count.</summary>
    private int BuildSymbols(ReadOnlySpan<char> word, Span<int> ids, Span<int> starts, Span<int> ends)
    {
        int n = 0;
        int pendingUnk = -1, unkStart = 0, unkEnd = 0;
        for (int i = 0; i < word.Length; i++)
        {
            int len = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
            var ch = word.Slice(i, len);
            int cp = len == 2 ? char.ConvertToUtf32(word[i], word[i + 1]) : word[i];
            bool first = i == 0, last = i + len == word.Length;
            int charStart = i, charEnd = i + len;
            i += len - 1;
            int id = LookupSymbol(ch, cp, first, last);
            if (id >= 0)
            {
                if (pendingUnk >= 0)
                {
                    (starts[n], ends[n]) = (unkStart, unkEnd);
                    ids[n++] = pendingUnk;
                    pendingUnk = -1;
                }
                (starts[n], ends[n]) = (charStart, charEnd);
                ids[n++] = id;
                continue;
            }
            if (Options.ByteFallback)
            {
                int after = AppendByteFallback(ch, ids, n);
                if (after >= 0)
                {
                    for (int k = n; k < after; k++) (starts[k], ends[k]) = (charStart, charEnd);
                    n = after;
                    continue;
                }
            }
            int unk = UnkId();
            if (unk < 0) continue;
            if (pendingUnk >= 0 && !Options.FuseUnk)
            {
                (starts[n], ends[n]) = (unkStart, unkEnd);
                ids[n++] = pendingUnk;
            }
            if (pendingUnk < 0 || !Options.FuseUnk) unkStart = charStart;
            unkEnd = charEnd;
            pendingUnk = unk;
        }
        if (pendingUnk >= 0)
        {
            (starts[n], ends[n]) = (unkStart, unkEnd);
            ids[n++] = pendingUnk;
        }
        return n;
    }
}
