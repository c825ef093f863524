namespace SharpTune.Text.Tokenization.Models;

/// <summary>A binary min-heap of packed (rank &lt;&lt; 32 | position) keys: lowest rank first, then leftmost.</summary>
internal ref struct MergeHeap
{
    private readonly Span<long> _items;
    private int _count;

    public MergeHeap(Span<long> storage)
    {
        _items = storage;
        _count = 0;
    }

    public readonly int Count => _count;

    public void Push(int rank, int pos)
    {
        long key = ((long)rank << 32) | (uint)pos;
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (_items[parent] <= key) break;
            _items[i] = _items[parent];
            i = parent;
        }
        _items[i] = key;
    }

    public long Pop()
    {
        long top = _items[0];
        long last = _items[--_count];
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= _count) break;
            if (child + 1 < _count && _items[child + 1] < _items[child]) child++;
            if (_items[child] >= last) break;
            _items[i] = _items[child];
            i = child;
        }
        if (_count > 0) _items[i] = last;
        return top;
    }
}
