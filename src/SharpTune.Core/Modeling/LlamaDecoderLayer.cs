// Pre-norm transformer block of Hugging Face LlamaDecoderLayer, with optional bottleneck adapters
// (Houlsby et al. 2019) after attention and after the MLP, chosen by the layer factory.
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

public sealed class LlamaDecoderLayer : nn.Module
{
    public LlamaAttention self_attn;
    public LlamaMLP mlp;
    public LlamaRMSNorm input_layernorm;
    public LlamaRMSNorm post_attention_layernorm;
    public nn.Module<Tensor, Tensor>? adapter_attn;
    public nn.Module<Tensor, Tensor>? adapter_mlp;

    public LlamaDecoderLayer(int i, Checkpoints.ModelConfig c, ScalarType dtype, ILayerFactory f) : base(nameof(LlamaDecoderLayer))
    {
        string path = $"model.layers.{i}";
        self_attn = new LlamaAttention($"{path}.self_attn", i, c, dtype, f);
        mlp = new LlamaMLP($"{path}.mlp", c.HiddenSize, c.IntermediateSize, c.MlpBias, dtype, f);
        input_layernorm = new LlamaRMSNorm(c.HiddenSize, c.RmsNormEps, dtype);
        post_attention_layernorm = new LlamaRMSNorm(c.HiddenSize, c.RmsNormEps, dtype);
        adapter_attn = f.AfterAttention(i, c.HiddenSize);
        adapter_mlp = f.AfterMlp(i, c.HiddenSize);
        RegisterComponents();
    }

    public Tensor forward(Tensor x, Tensor cos, Tensor sin, Tensor? mask, KvCache? cache, (Tensor key, Tensor value)? prefix, AttentionImplementation impl)
    {
        using var scope = NewDisposeScope();
        var a = self_attn.forward(input_layernorm.forward(x), cos, sin, mask, cache, prefix, impl);  // (B, T, H)
        if (adapter_attn is not null) a = adapter_attn.forward(a);
        var h = x + a;
        var m = mlp.forward(post_attention_layernorm.forward(h));
        if (adapter_mlp is not null) m = adapter_mlp.forward(m);
        return (h + m).MoveToOuterDisposeScope();
    }
}
