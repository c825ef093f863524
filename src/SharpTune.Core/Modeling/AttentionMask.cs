using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

/// <summary>
/// Builds the additive attention mask of Hugging Face's eager attention: 0 where a query may attend, the most
/// negative value of the dtype (not −inf) elsewhere, so a query that sees no key attends uniformly.
/// </summary>
public static class AttentionMask
{
    /// <summary>
    /// Additive mask (B, 1, T, P + T) for T queries after P cached positions, from a 2-D padding mask
    /// (B, P + T) of ones and zeros, or null when every position is visible (then plain causal masking applies).
    /// With <paramref name="segment_ids"/> (B, T) a query attends only to keys of its own segment (packed examples).
    /// </summary>
    public static Tensor? Build(Tensor? attention_mask, long batch, long query_len, long past_len, ScalarType dtype, Device device, Tensor? segment_ids = null)
    {
        long key_len = past_len + query_len;
        bool hasPadding = attention_mask is not null && !attention_mask.all().item<bool>();
        if (segment_ids is null && !hasPadding && query_len == 1) return null;          // a single query sees everything
        if (segment_ids is null && !hasPadding && past_len == 0) return null;           // plain causal: SDPA is_causal
        using var scope = NewDisposeScope();
        double min = MinValue(dtype);
        var q = arange(query_len, device: device).view(-1, 1) + past_len;               // (T, 1)
        var k = arange(key_len, device: device).view(1, -1);                            // (1, S)
        var blocked = k > q;                                                            // (T, S) future keys
        var blocked4 = blocked.view(1, 1, query_len, key_len).expand(batch, 1, query_len, key_len);
        if (hasPadding)
        {
            if (attention_mask!.shape[1] != key_len)
                throw new ArgumentException($"attention_mask has {attention_mask.shape[1]} positions, expected {key_len} (past {past_len} + new {query_len})");
            var pad = attention_mask.eq(0).view(batch, 1, 1, key_len);                 // (B, 1, 1, S)
            blocked4 = blocked4.logical_or(pad);
        }
        if (segment_ids is not null)                                                    // packed rows: no attention across examples
        {
            if (past_len != 0) throw new ArgumentException("segment_ids (packing) cannot be combined with a KV cache");
            var other = segment_ids.unsqueeze(2).ne(segment_ids.unsqueeze(1)).unsqueeze(1); // (B, 1, T, T)
            blocked4 = blocked4.logical_or(other);
        }
        var mask = zeros([batch, 1, query_len, key_len], dtype: dtype, device: device).masked_fill(blocked4, min);
        return mask.MoveToOuterDisposeScope();
    }

    /// <summary>The most negative finite value of a floating dtype (torch.finfo(dtype).min).</summary>
    public static double MinValue(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => float.MinValue,
        ScalarType.Float64 => double.MinValue,
        ScalarType.Float16 => -65504.0,
        ScalarType.BFloat16 => -3.3895313892515355e38,
        _ => throw new NotSupportedException($"attention masks need a floating dtype, got {dtype}"),
    };
}
