// RMSNorm (Zhang & Sennrich 2019) as Hugging Face LlamaRMSNorm: normalise in float32, scale in the input dtype.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

public sealed class LlamaRMSNorm : nn.Module<Tensor, Tensor>
{
    public Parameter weight;
    readonly double variance_epsilon;

    public LlamaRMSNorm(long hidden_size, double eps, ScalarType dtype) : base(nameof(LlamaRMSNorm))
    {
        weight = new Parameter(ones(hidden_size, dtype: dtype));
        variance_epsilon = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden_states)
    {
        using var scope = NewDisposeScope();
        var input_dtype = hidden_states.dtype;
        var h = hidden_states.to_type(ScalarType.Float32);                          // (B, T, H)
        var variance = h.pow(2).mean([-1L], keepdim: true);                         // (B, T, 1)
        h = h * rsqrt(variance + variance_epsilon);
        return (weight * h.to_type(input_dtype)).MoveToOuterDisposeScope();
    }
}
