// SwiGLU feed-forward (Shazeer 2020), as Hugging Face LlamaMLP: down(silu(gate(x)) * up(x)).
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

public sealed class LlamaMLP : nn.Module<Tensor, Tensor>
{
    public nn.Module<Tensor, Tensor> gate_proj;
    public nn.Module<Tensor, Tensor> up_proj;
    public nn.Module<Tensor, Tensor> down_proj;

    public LlamaMLP(string path, long hidden, long intermediate, bool bias, ScalarType dtype, ILayerFactory f) : base(nameof(LlamaMLP))
    {
        gate_proj = f.Linear($"{path}.gate_proj", hidden, intermediate, bias, dtype);
        up_proj = f.Linear($"{path}.up_proj", hidden, intermediate, bias, dtype);
        down_proj = f.Linear($"{path}.down_proj", intermediate, hidden, bias, dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.silu(gate_proj.forward(x)) * up_proj.forward(x);         // (B, T, I)
        return down_proj.forward(h).MoveToOuterDisposeScope();                            // (B, T, H)
    }
}
