// Causal language model head on the decoder stack, as Hugging Face LlamaForCausalLM / Qwen2ForCausalLM:
// logits in float32, loss = mean cross-entropy of shifted positions with −100 ignored.
using SharpTune.Core.Checkpoints;
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

public sealed class LlamaForCausalLM : nn.Module, ICausalLM
{
    public LlamaModel model;
    public nn.Module<Tensor, Tensor>? lm_head;   // null when tie_word_embeddings: logits use embed_tokens.weight

    public ModelConfig config { get; set; }
    /// <summary>The attention kernel (default SDPA; both measured equally fast for training on CPU, benchmarks step-profile).</summary>
    public AttentionImplementation attn_implementation { get; set; }

    /// <summary>Always use the explicit softmax attention (transformers' eager path).</summary>
    public bool eager_attention
    {
        get => attn_implementation == AttentionImplementation.Eager;
        set => attn_implementation = value ? AttentionImplementation.Eager : AttentionImplementation.Sdpa;
    }

    public LlamaForCausalLM(ModelConfig c, ScalarType dtype, ILayerFactory? factory = null) : base(nameof(LlamaForCausalLM))
    {
        var f = factory ?? PlainLayerFactory.Instance;
        config = c;
        model = new LlamaModel(c, dtype, f);
        lm_head = c.TieWordEmbeddings ? null : f.Linear("lm_head", c.HiddenSize, c.VocabSize, false, dtype);
        RegisterComponents();
    }

    public CausalLMOutput forward(CausalLMInputs a)
    {
        using var scope = NewDisposeScope();
        var (h, all) = model.forward(a, attn_implementation);
        if (a.last_logits_only) h = h.narrow(1, h.shape[1] - 1, 1);
        bool shifted = a.loss_only && a.labels is not null;
        if (shifted) h = h.narrow(1, 0, h.shape[1] - 1);                                    // positions that predict a label
        var headWeight = lm_head is null ? model.embed_tokens.weight : (lm_head as TorchSharp.Modules.Linear)?.weight;
        if (shifted && headWeight is not null)
        {
            // Training: the loss straight from the hidden states, chunk by chunk; the (B, T, V) logits never exist.
            var labels = a.labels!.narrow(1, 1, a.labels.shape[1] - 1).reshape(-1).to(h.device); // (B·(T−1))
            var fused = ChunkedCrossEntropy.compute(h.reshape(-1, h.shape[^1]), headWeight, labels);
            return new CausalLMOutput { logits = empty(0).MoveToOuterDisposeScope(), loss = fused.MoveToOuterDisposeScope() };
        }
        var logits = (lm_head is null ? CpuKernels.Linear(h, model.embed_tokens.weight!) : CpuKernels.Linear(lm_head, h))
            .to_type(ScalarType.Float32);                                                   // (B, T, V) or (B, T−1, V)
        Tensor? loss = a.labels is null ? null
            : shifted ? shifted_loss(logits, a.labels.narrow(1, 1, a.labels.shape[1] - 1))
            : causal_lm_loss(logits, a.labels);
        var output = new CausalLMOutput
        {
            logits = logits.MoveToOuterDisposeScope(),
            loss = loss?.MoveToOuterDisposeScope(),
            hidden_states = all?.Select(t => t.MoveToOuterDisposeScope()).ToList(),
        };
        return output;
    }

    public KvCache create_cache(long batch, long capacity)
    {
        var w = model.embed_tokens.weight!;
        return new KvCache(config.NumHiddenLayers, batch, config.NumKeyValueHeads, capacity, config.HeadDim, w.dtype, w.device);
    }

    static Tensor shifted_loss(Tensor logits, Tensor labels) =>
        nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), labels.reshape(-1).to(logits.device), ignore_index: -100);

    /// <summary>Mean cross-entropy of logits[:, :-1] against labels[:, 1:], ignoring −100.</summary>
    public static Tensor causal_lm_loss(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        long V = logits.shape[^1], T = logits.shape[1];
        var shift_logits = logits.narrow(1, 0, T - 1).reshape(-1, V);                     // (B·(T−1), V)
        var shift_labels = labels.narrow(1, 1, T - 1).reshape(-1).to(logits.device);      // (B·(T−1))
        return nn.functional.cross_entropy(shift_logits, shift_labels, ignore_index: -100).MoveToOuterDisposeScope();
    }
}
