// Multi-head attention with grouped-query heads (Ainslie et al. 2023) and rotary positions, as Hugging Face
// LlamaAttention / Qwen2Attention. The default path is scaled-dot-product attention; `eager` is the readable
// reference path (explicit softmax(QKᵀ/√d + mask)·V) used to cross-check it.
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

public sealed class LlamaAttention : nn.Module
{
    public nn.Module<Tensor, Tensor> q_proj;
    public nn.Module<Tensor, Tensor> k_proj;
    public nn.Module<Tensor, Tensor> v_proj;
    public nn.Module<Tensor, Tensor> o_proj;
    readonly int layer_idx, num_heads, num_kv_heads, head_dim;

    public LlamaAttention(string path, int layer_idx, Checkpoints.ModelConfig c, ScalarType dtype, ILayerFactory f) : base(nameof(LlamaAttention))
    {
        this.layer_idx = layer_idx;
        num_heads = c.NumAttentionHeads;
        num_kv_heads = c.NumKeyValueHeads;
        head_dim = c.HeadDim;
        q_proj = f.Linear($"{path}.q_proj", c.HiddenSize, num_heads * head_dim, c.QkvBias, dtype);
        k_proj = f.Linear($"{path}.k_proj", c.HiddenSize, num_kv_heads * head_dim, c.QkvBias, dtype);
        v_proj = f.Linear($"{path}.v_proj", c.HiddenSize, num_kv_heads * head_dim, c.QkvBias, dtype);
        o_proj = f.Linear($"{path}.o_proj", num_heads * head_dim, c.HiddenSize, c.OutputBias, dtype);
        RegisterComponents();
    }

    public Tensor forward(Tensor x, Tensor cos, Tensor sin, Tensor? mask, KvCache? cache, (Tensor key, Tensor value)? prefix, AttentionImplementation impl)
    {
        using var scope = NewDisposeScope();
        long B = x.shape[0], T = x.shape[1];
        var q = CpuKernels.Linear(q_proj, x).view(B, T, num_heads, head_dim).transpose(1, 2); // (B, nh, T, hd)
        var k = CpuKernels.Linear(k_proj, x).view(B, T, num_kv_heads, head_dim).transpose(1, 2); // (B, nkv, T, hd)
        var v = CpuKernels.Linear(v_proj, x).view(B, T, num_kv_heads, head_dim).transpose(1, 2); // (B, nkv, T, hd)
        q = RotaryEmbedding.apply(q, cos, sin);
        k = RotaryEmbedding.apply(k, cos, sin);
        if (prefix is { } p)                                                                // prefix tuning: no RoPE on the prefix
        {
            k = cat([p.key.to_type(k.dtype), k], 2);                                        // (B, nkv, P+T, hd)
            v = cat([p.value.to_type(v.dtype), v], 2);
        }
        if (cache is not null) (k, v) = cache.update(layer_idx, k, v);                     // (B, nkv, S, hd)
        bool causal = mask is null && q.shape[2] > 1;
        Tensor o;                                                                           // (B, nh, T, hd)
        // Training in bf16 / fp16: blocked attention is ~2× faster than libtorch's CPU kernel there (benchmarks
        // step-profile); in float32 the kernel is as fast and allocates less, so it stays.
        if (impl == AttentionImplementation.Sdpa && causal && cache is null && prefix is null && is_grad_enabled()
            && q.dtype != ScalarType.Float32 && q.device_type == TorchSharp.DeviceType.CPU)
            o = BlockCausalAttention.compute(q, k, v);
        else if (q.shape[2] == 1 && impl == AttentionImplementation.Sdpa && num_heads != num_kv_heads)
        {
            // One query per row (decoding): the rep query heads of a group attend to their one key head as rep queries
            // of it, so the cache is read in place instead of repeated into a (B, nh, S, hd) copy every step.
            int rep = num_heads / num_kv_heads;
            var qg = q.reshape(B, num_kv_heads, rep, head_dim);                             // (B, nkv, rep, hd)
            o = nn.functional.scaled_dot_product_attention(qg, k, v, mask, 0.0, false)      // mask (B, 1, 1, S) broadcasts
                .reshape(B, num_heads, 1, head_dim);
        }
        else
        {
            k = repeat_kv(k);                                                               // (B, nh, S, hd)
            v = repeat_kv(v);
            o = impl == AttentionImplementation.Eager ? eager_attention(q, k, v, mask, causal)
                  : nn.functional.scaled_dot_product_attention(q, k, v, mask, 0.0, causal);
        }
        o = o.transpose(1, 2).reshape(B, T, num_heads * head_dim);                          // (B, T, nh*hd)
        return CpuKernels.Linear(o_proj, o).MoveToOuterDisposeScope();                    // (B, T, H)
    }

    Tensor repeat_kv(Tensor kv)
    {
        int rep = num_heads / num_kv_heads;
        if (rep == 1) return kv;
        long B = kv.shape[0], S = kv.shape[2];
        return kv.unsqueeze(2).expand(B, num_kv_heads, rep, S, head_dim).reshape(B, num_heads, S, head_dim);
    }

    /// <summary>softmax(QKᵀ/√d + mask)·V with the softmax in float32, as transformers' eager attention.</summary>
    public static Tensor eager_attention(Tensor q, Tensor k, Tensor v, Tensor? mask, bool causal)
    {
        long T = q.shape[2], S = k.shape[2];
        var scores = matmul(q, k.transpose(2, 3)) / Math.Sqrt(q.shape[^1]);                // (B, nh, T, S)
        if (mask is not null) scores = scores + mask;
        else if (causal)
        {
            var future = ones(T, S, dtype: ScalarType.Bool, device: q.device).triu(S - T + 1);
            scores = scores.masked_fill(future, AttentionMask.MinValue(scores.dtype));
        }
        var probs = nn.functional.softmax(scores, -1, ScalarType.Float32).to_type(q.dtype);
        return matmul(probs, v);
    }
}
