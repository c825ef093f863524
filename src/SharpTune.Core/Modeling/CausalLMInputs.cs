using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

/// <summary>
/// Inputs of one forward pass, named as in transformers. Give <see cref="input_ids"/> or <see cref="inputs_embeds"/>.
/// <see cref="attention_mask"/> (B, P + T) covers cached / prefix positions too; without <see cref="position_ids"/>
/// positions are past_len + 0..T−1 (transformers' plain forward, which ignores padding).
/// </summary>
public sealed record CausalLMInputs
{
    public Tensor? input_ids { get; init; }                 // (B, T) int64
    public Tensor? inputs_embeds { get; init; }             // (B, T, H)
    public Tensor? attention_mask { get; init; }            // (B, S) 1 = token, 0 = padding
    public Tensor? position_ids { get; init; }              // (B, T)
    public Tensor? labels { get; init; }                    // (B, T), −100 = ignored
    /// <summary>Packed rows: (B, T) example index per position; attention never crosses examples.</summary>
    public Tensor? segment_ids { get; init; }
    public KvCache? cache { get; init; }
    /// <summary>Per-layer (key, value) of shape (B, n_kv, P, hd), prepended before the cache (prefix tuning).</summary>
    public IReadOnlyList<(Tensor key, Tensor value)>? prefix_key_values { get; init; }
    public bool output_hidden_states { get; init; }
    /// <summary>Compute logits only for the last position (generation).</summary>
    public bool last_logits_only { get; init; }
    /// <summary>
    /// Training: only the loss is needed. The loss is computed from the hidden states in row chunks
    /// (<see cref="ChunkedCrossEntropy"/>) and <see cref="CausalLMOutput.logits"/> is empty; with a head that is not a
    /// plain linear layer the logits of the T−1 positions that predict a label are returned.
    /// </summary>
    public bool loss_only { get; init; }
}

/// <summary>Outputs of a forward pass. Disposing it frees the tensors it holds.</summary>
public sealed class CausalLMOutput : IDisposable
{
    public required Tensor logits { get; init; }            // (B, T, V) float32
    public Tensor? loss { get; init; }                      // scalar
    public IReadOnlyList<Tensor>? hidden_states { get; init; } // L + 1 of (B, T, H); the last is after the final norm

    public void Dispose()
    {
        logits.Dispose();
        loss?.Dispose();
        if (hidden_states != null) foreach (var h in hidden_states) h.Dispose();
    }
}
