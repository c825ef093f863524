using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

/// <summary>
/// Chooses the modules of a model while it is built, so a fine-tuning method decides its layers up front
/// (TorchSharp cannot re-register a submodule afterwards). <paramref name="path"/> arguments are the HF
/// checkpoint paths of the module, e.g. <c>model.layers.3.self_attn.q_proj</c>.
/// </summary>
public interface ILayerFactory
{
    /// <summary>A linear layer y = x Wᵀ (+ b) with HF parameter names <c>weight</c> / <c>bias</c>.</summary>
    nn.Module<Tensor, Tensor> Linear(string path, long in_features, long out_features, bool bias, ScalarType dtype);

    /// <summary>An optional module applied to the attention output before the residual add (e.g. a bottleneck adapter).</summary>
    nn.Module<Tensor, Tensor>? AfterAttention(int layer, long hidden_size) => null;

    /// <summary>An optional module applied to the MLP output before the residual add.</summary>
    nn.Module<Tensor, Tensor>? AfterMlp(int layer, long hidden_size) => null;
}

/// <summary>Plain linear layers and no adapters: the pretrained model as Hugging Face defines it.</summary>
public sealed class PlainLayerFactory : ILayerFactory
{
    public static readonly PlainLayerFactory Instance = new();

    public nn.Module<Tensor, Tensor> Linear(string path, long in_features, long out_features, bool bias, ScalarType dtype) =>
        nn.Linear(in_features, out_features, hasBias: bias, dtype: dtype);
}
