// Bottleneck adapter (Houlsby et al. 2019, "Parameter-Efficient Transfer Learning for NLP"; Pfeiffer et al. 2020,
// "AdapterFusion"): h + up(act(down(h))), with the up-projection zero-initialised so a fresh adapter is the
// identity. Trains in its own dtype (float32) while the frozen base may be bf16: the input is cast and the
// result cast back.
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpTune.Core.Peft.Adapter;

public sealed class BottleneckAdapter : nn.Module<Tensor, Tensor>
{
    public Linear down_proj;                        // weight (size, H), bias (size)
    public Linear up_proj;                          // weight (H, size), bias (H), zero at init
    readonly string act;

    /// <summary>When true the module returns its input unchanged (adapter disabled).</summary>
    public bool disabled { get; set; }

    public BottleneckAdapter(long hidden_size, long adapter_size, string act, ScalarType dtype) : base(nameof(BottleneckAdapter))
    {
        if (act is not ("relu" or "gelu" or "silu")) throw new ArgumentException($"adapter non-linearity '{act}' is not one of relu, gelu, silu");
        this.act = act;
        down_proj = nn.Linear(hidden_size, adapter_size, hasBias: true, dtype: dtype);
        up_proj = nn.Linear(adapter_size, hidden_size, hasBias: true, dtype: dtype);
        using (no_grad())
        {
            nn.init.zeros_(up_proj.weight!);
            nn.init.zeros_(up_proj.bias!);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor h)
    {
        if (disabled) return h.alias();
        using var scope = NewDisposeScope();
        var x = h.to_type(down_proj.weight!.dtype);                                        // (B, T, H)
        var z = down_proj.forward(x);                                                       // (B, T, size)
        z = act switch
        {
            "relu" => nn.functional.relu(z),
            "gelu" => nn.functional.gelu(z),
            _ => nn.functional.silu(z),
        };
        var delta = up_proj.forward(z);                                                     // (B, T, H)
        return (h + delta.to_type(h.dtype)).MoveToOuterDisposeScope();
    }
}
