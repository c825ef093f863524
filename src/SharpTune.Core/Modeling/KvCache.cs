using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

/// <summary>
/// Per-layer key/value cache, preallocated to a fixed capacity so decoding writes in place instead of
/// concatenating. Keys and values are stored before the grouped-query repeat: (B, n_kv, capacity, hd).
/// </summary>
public sealed class KvCache : IDisposable
{
    readonly Tensor[] keys;
    readonly Tensor[] values;

    /// <summary>Number of positions already cached (equal for all layers between forward calls).</summary>
    public long Length { get; private set; }
    public long Capacity { get; }

    public KvCache(int layers, long batch, int kv_heads, long capacity, int head_dim, ScalarType dtype, Device device)
    {
        Capacity = capacity;
        keys = new Tensor[layers];
        values = new Tensor[layers];
        for (int i = 0; i < layers; i++)
        {
            keys[i] = zeros([batch, kv_heads, capacity, head_dim], dtype: dtype, device: device).DetachFromDisposeScope();
            values[i] = zeros([batch, kv_heads, capacity, head_dim], dtype: dtype, device: device).DetachFromDisposeScope();
        }
    }

    /// <summary>Writes k, v (B, n_kv, T, hd) of <paramref name="layer"/> after the cached positions and returns all of them.</summary>
    public (Tensor k, Tensor v) update(int layer, Tensor k, Tensor v)
    {
        long t = k.shape[2];
        if (Length + t > Capacity)
            throw new InvalidOperationException($"KV cache capacity {Capacity} exceeded ({Length} cached + {t} new)");
        using (no_grad())
        {
            keys[layer].narrow(2, Length, t).copy_(k);
            values[layer].narrow(2, Length, t).copy_(v);
        }
        return (keys[layer].narrow(2, 0, Length + t), values[layer].narrow(2, 0, Length + t));
    }

    /// <summary>The key buffer (B, n_kv, Capacity, hd) of <paramref name="layer"/>; positions from <see cref="Length"/> on are unused.</summary>
    public Tensor key_buffer(int layer) => keys[layer];

    /// <summary>The value buffer (B, n_kv, Capacity, hd) of <paramref name="layer"/>.</summary>
    public Tensor value_buffer(int layer) => values[layer];

    public int Layers => keys.Length;

    /// <summary>Called by the model after every layer has been updated with <paramref name="t"/> new positions.</summary>
    public void advance(long t) => Length += t;

    public void Dispose()
    {
        foreach (var t in keys) t.Dispose();
        foreach (var t in values) t.Dispose();
    }
}
