using System.Numerics;
using System.Runtime.CompilerServices;

namespace SharpTune.Text.Tokenization.Models;

/// <summary>
/// Open-addressing hash map from a (left id, right id) pair to its merge (rank, new id). The BPE inner loop does
/// a few lookups per merge; this avoids the comparer indirection and the poor hash of <see cref="long"/>.
/// </summary>
internal sealed class PairMap
{
    private readonly long[] _keys;
    private readonly int[] _ranks;
    private readonly int[] _newIds;
    private readonly int _mask;

    public PairMap(int count)
    {
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, count * 2));
        _keys = new long[capacity];
        Array.Fill(_keys, -1L);
        _ranks = new int[capacity];
        _newIds = new int[capacity];
        _mask = capacity - 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 40) & _mask;

    /// <summary>Sets the merge of (a, b); a later duplicate overwrites an earlier one, as in Rust's HashMap collect.</summary>
    public void Set(int a, int b, int rank, int newId)
    {
        long key = Key(a, b);
        int i = Slot(key);
        while (_keys[i] != -1 && _keys[i] != key) i = (i + 1) & _mask;
        _keys[i] = key;
        _ranks[i] = rank;
        _newIds[i] = newId;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(int a, int b, out int rank, out int newId)
    {
        long key = Key(a, b);
        int i = Slot(key);
        while (true)
        {
            long k = _keys[i];
            if (k == key)
            {
                rank = _ranks[i];
                newId = _newIds[i];
                return true;
            }
            if (k == -1)
            {
                rank = newId = 0;
                return false;
            }
            i = (i + 1) & _mask;
        }
    }
}
