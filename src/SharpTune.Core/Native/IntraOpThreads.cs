using static TorchSharp.torch;

namespace SharpTune.Core.Native;

/// <summary>
/// libtorch's intra-op thread count for a block, restored when the block ends: <c>using var _ = IntraOpThreads.Use(1);</c>.
/// (at::set_num_threads sets the calling thread's OpenMP count and the default new threads start from.)
/// </summary>
public readonly struct IntraOpThreads : IDisposable
{
    readonly int _restore;                                   // 0: nothing was changed

    IntraOpThreads(int restore) => _restore = restore;

    /// <summary>Switches to <paramref name="threads"/> (null or the current count: no change).</summary>
    public static IntraOpThreads Use(int? threads)
    {
        int before = get_num_threads();
        if (threads is not int n || n == before) return default;
        set_num_threads(n);
        return new IntraOpThreads(before);
    }

    public void Dispose()
    {
        if (_restore > 0) set_num_threads(_restore);
    }
}
