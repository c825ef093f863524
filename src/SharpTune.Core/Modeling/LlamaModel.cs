// The decoder stack of Hugging Face LlamaModel / Qwen2Model / MistralModel: embeddings, N pre-norm blocks, final RMSNorm.
using SharpTune.Core.Checkpoints;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

public sealed class LlamaModel : nn.Module
{
    public Embedding embed_tokens;
    public ModuleList<LlamaDecoderLayer> layers;
    public LlamaRMSNorm norm;
    readonly RotaryEmbedding rotary;

    /// <summary>Recompute each layer in backward instead of keeping its activations (training only; not with prefix tuning).</summary>
    public bool gradient_checkpointing { get; set; }

    public LlamaModel(ModelConfig c, ScalarType dtype, ILayerFactory f) : base(nameof(LlamaModel))
    {
        embed_tokens = nn.Embedding(c.VocabSize, c.HiddenSize, dtype: dtype);
        layers = new ModuleList<LlamaDecoderLayer>();
        for (int i = 0; i < c.NumHiddenLayers; i++) layers.Add(new LlamaDecoderLayer(i, c, dtype, f));
        norm = new LlamaRMSNorm(c.HiddenSize, c.RmsNormEps, dtype);
        rotary = new RotaryEmbedding(c.HeadDim, c.RopeTheta, c.RopeScaling);
        RegisterComponents();
    }

    /// <summary>Returns the final hidden state (B, T, H) and, when asked, every layer's input plus the normed output.</summary>
    public (Tensor hidden, List<Tensor>? all) forward(CausalLMInputs a, AttentionImplementation impl)
    {
        var h = a.inputs_embeds ?? embed_tokens.forward(a.input_ids ?? throw new ArgumentException("give input_ids or inputs_embeds"));
        long B = h.shape[0], T = h.shape[1];
        long prefix_len = a.prefix_key_values is { Count: > 0 } p ? p[0].key.shape[2] : 0;
        long past = (a.cache?.Length ?? 0) + prefix_len;
        var position_ids = a.position_ids ?? arange(past, past + T, device: h.device).unsqueeze(0).expand(B, T);
        var (cos, sin) = rotary.forward(position_ids, h.dtype);                       // (B, T, hd)
        var mask = AttentionMask.Build(a.attention_mask, B, T, past, h.dtype, h.device, a.segment_ids);
        List<Tensor>? all = a.output_hidden_states ? new() : null;
        for (int i = 0; i < layers.Count; i++)
        {
            all?.Add(h);
            var prefix = a.prefix_key_values is { } pk ? pk[i] : ((Tensor, Tensor)?)null;
            bool checkpoint = gradient_checkpointing && is_grad_enabled() && a.cache is null && prefix is null;
            if (checkpoint && !h.requires_grad) h = h.detach().requires_grad_(true);     // so backward reaches the layer's parameters
            h = checkpoint ? CheckpointedLayer.run(layers[i], h, cos, sin, mask, impl)
                           : layers[i].forward(h, cos, sin, mask, a.cache, prefix, impl);
        }
        a.cache?.advance(T + prefix_len);
        h = norm.forward(h);
        all?.Add(h);
        return (h, all);
    }
}
