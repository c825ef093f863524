// Prefix tuning (Li & Liang 2021, "Prefix-Tuning: Optimizing Continuous Prompts for Generation"), as Hugging
// Face PEFT's tuners/prefix_tuning/model.py PrefixEncoder: a key and a value prefix of P positions per layer.
// With prefix_projection the prefix is reparameterised for training as MLP(embedding) (Linear-Tanh-Linear);
// at save time it is folded into plain prompt embeddings (P, 2·L·kv_heads·head_dim), which is what PEFT stores.
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpTune.Core.Peft.PrefixTuning;

public sealed class PrefixEncoder : nn.Module
{
    public Embedding embedding;                     // weight (P, 2·L·kv·hd), or (P, kv·hd) with the projection
    public Sequential? transform;                   // Linear(kv·hd, enc) → Tanh → Linear(enc, 2·L·kv·hd)
    readonly int num_layers, kv_heads, head_dim;

    public PrefixEncoder(int num_virtual_tokens, int num_layers, int kv_heads, int head_dim, bool prefix_projection,
        int encoder_hidden_size, ScalarType dtype) : base(nameof(PrefixEncoder))
    {
        this.num_layers = num_layers;
        this.kv_heads = kv_heads;
        this.head_dim = head_dim;
        long token_dim = (long)kv_heads * head_dim, out_dim = 2L * num_layers * token_dim;
        if (prefix_projection)
        {
            embedding = nn.Embedding(num_virtual_tokens, token_dim, dtype: dtype);
            transform = nn.Sequential(
                ("0", nn.Linear(token_dim, encoder_hidden_size, dtype: dtype)),
                ("1", nn.Tanh()),
                ("2", nn.Linear(encoder_hidden_size, out_dim, dtype: dtype)));
        }
        else embedding = nn.Embedding(num_virtual_tokens, out_dim, dtype: dtype);
        RegisterComponents();
    }

    public long num_virtual_tokens => embedding.weight!.shape[0];

    /// <summary>The prefix as PEFT saves it: (P, 2·L·kv·hd).</summary>
    public Tensor prompt_embeddings() =>
        transform is null ? embedding.weight!.alias() : transform.call(embedding.weight!);

    /// <summary>
    /// Per-layer (key, value), each (B, kv, P, hd): [P, 2L·kv·hd] → [B, P, 2L, kv, hd] → permute [2L, B, kv, P, hd];
    /// layer i takes key = [2i], value = [2i + 1] (PEFT PeftModel.get_prompt).
    /// </summary>
    public IReadOnlyList<(Tensor key, Tensor value)> forward(long batch, ScalarType dtype)
    {
        long P = num_virtual_tokens;
        var e = prompt_embeddings().to_type(dtype);                                           // (P, 2L·kv·hd)
        var kv = e.unsqueeze(0).expand(batch, P, e.shape[1])
            .view(batch, P, 2 * num_layers, kv_heads, head_dim)                                // (B, P, 2L, kv, hd)
            .permute(2, 0, 3, 1, 4);                                                           // (2L, B, kv, P, hd)
        return Enumerable.Range(0, num_layers).Select(i => (kv[2 * i], kv[2 * i + 1])).ToList();
    }
}
