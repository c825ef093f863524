// A linear layer of a served base model with several LoRA adapters loaded at once, each row of a batch choosing
// its own (PEFT's LoraLayer._mixed_batch_forward, vLLM's multi-LoRA): the base matmul runs once for the whole
// batch, then every adapter present adds s·B(A x) to its rows only; base rows add nothing. The base parameters keep
// HF's names (`weight`, `bias`) so checkpoints load unchanged; adapters are inference-only (no dropout, no DoRA).
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpTune.Core.Peft.Lora;

public sealed class MultiLoraLinear : nn.Module<Tensor, Tensor>
{
    public Parameter weight;                        // (out, in) base
    public Parameter? bias;                         // (out)
    readonly LoraRouting _routing;
    readonly List<LoraPair?> _adapters = [];        // by adapter index; null where that adapter does not target this layer

    /// <summary>One adapter's A (r, in), B (out, r) and scaling.</summary>
    public sealed record LoraPair(Tensor A, Tensor B, double Scaling);

    public MultiLoraLinear(long in_features, long out_features, bool hasBias, ScalarType dtype, LoraRouting routing) : base(nameof(MultiLoraLinear))
    {
        _routing = routing;
        weight = new Parameter(zeros(out_features, in_features, dtype: dtype), requires_grad: false);
        bias = hasBias ? new Parameter(zeros(out_features, dtype: dtype), requires_grad: false) : null;
        RegisterComponents();
    }

    public long in_features => weight.shape[1];
    public long out_features => weight.shape[0];

    /// <summary>Adapter <paramref name="index"/>'s weights here, or null when it does not target this layer.</summary>
    public LoraPair? Adapter(int index) => index >= 0 && index < _adapters.Count ? _adapters[index] : null;

    /// <summary>Sets adapter <paramref name="index"/>'s weights (copied, in the base dtype); shapes are checked by the caller.</summary>
    public void SetAdapter(int index, Tensor A, Tensor B, double scaling)
    {
        while (_adapters.Count <= index) _adapters.Add(null);
        _adapters[index]?.A.Dispose();
        _adapters[index]?.B.Dispose();
        _adapters[index] = new LoraPair(A.to_type(weight.dtype).to(weight.device).detach().clone().DetachFromDisposeScope(),
            B.to_type(weight.dtype).to(weight.device).detach().clone().DetachFromDisposeScope(), scaling);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var result = Modeling.CpuKernels.Linear(x, weight, bias);                          // (B, …, out), once for every row
        if (_routing.Uniform is int all)
        {
            if (Adapter(all) is { } p) result.add_(Delta(x, p), p.Scaling);
            return result.MoveToOuterDisposeScope();
        }
        foreach (var (index, rows) in _routing.Groups)
        {
            if (Adapter(index) is not { } p) continue;
            result.index_add_(0, rows, Delta(x.index_select(0, rows), p), p.Scaling);      // rows of this adapter only
        }
        return result.MoveToOuterDisposeScope();
    }

    static Tensor Delta(Tensor x, LoraPair p) => nn.functional.linear(nn.functional.linear(x, p.A), p.B);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            foreach (var p in _adapters) { p?.A.Dispose(); p?.B.Dispose(); }
        base.Dispose(disposing);
    }
}
