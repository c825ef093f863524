// LoRA (Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language Models") and DoRA (Liu et al. 2024,
// "DoRA: Weight-Decomposed Low-Rank Adaptation") on a linear layer, as Hugging Face PEFT's
// tuners/lora/layer.py Linear and tuners/lora/dora.py DoraLinearLayer: y = x Wᵀ + b + s·B(A(dropout(x))).
// The base parameters keep HF's names (`weight`, `bias`) so base checkpoints load unchanged.
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpTune.Core.Peft.Lora;

public sealed class LoraLinear : nn.Module<Tensor, Tensor>
{
    public Parameter weight;                        // (out, in) base, frozen
    public Parameter? bias;                         // (out)
    public Linear lora_A;                           // weight (r, in)
    public Linear lora_B;                           // weight (out, r)
    public Modeling.FastDropout lora_dropout;
    public Parameter? lora_magnitude_vector;        // (out) DoRA magnitude m

    public double scaling { get; }
    public bool merged { get; private set; }
    /// <summary>When true the layer computes the base linear only (PEFT's disable_adapter).</summary>
    public bool disabled { get; set; }
    Tensor? merged_weight_norm;                     // (out) DoRA norm used at merge, for unmerge

    public LoraLinear(long in_features, long out_features, bool hasBias, ScalarType dtype, ScalarType adapterDtype,
        int r, double scaling, double dropout, bool use_dora) : base(nameof(LoraLinear))
    {
        this.scaling = scaling;
        weight = new Parameter(empty(out_features, in_features, dtype: dtype), requires_grad: false);
        bias = hasBias ? new Parameter(zeros(out_features, dtype: dtype), requires_grad: false) : null;
        lora_A = nn.Linear(in_features, r, hasBias: false, dtype: adapterDtype);
        lora_B = nn.Linear(r, out_features, hasBias: false, dtype: adapterDtype);
        lora_dropout = new Modeling.FastDropout(dropout);
        lora_magnitude_vector = use_dora ? new Parameter(ones(out_features, dtype: adapterDtype)) : null;
        using (no_grad())
        {
            nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));                             // nn.Linear's init (a checkpoint overwrites it)
            if (bias is not null) nn.init.uniform_(bias, -1 / Math.Sqrt(in_features), 1 / Math.Sqrt(in_features));
            nn.init.kaiming_uniform_(lora_A.weight!, a: Math.Sqrt(5));                      // as PEFT reset_lora_parameters
            nn.init.zeros_(lora_B.weight!);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var result = nn.functional.linear(x, weight, bias);                                 // (…, out)
        if (merged || disabled)
        {
            if (merged && disabled) throw new InvalidOperationException("a merged LoRA layer cannot be disabled; unmerge it first");
            return result.MoveToOuterDisposeScope();
        }
        var dt = lora_A.weight!.dtype;
        if (lora_magnitude_vector is null)
        {
            // Compute in the activations' dtype (bf16 when the base is bf16, as autocast would); gradients still
            // reach the fp32 adapter weights through the casts, and no activation is copied to fp32.
            // The dropout's 1/(1 − p) rides on the LoRA scaling (B·A is linear): one pass less each way.
            var down = lora_dropout.active && is_grad_enabled()
                ? LoraDropoutDown.apply(x, lora_A.weight!, lora_dropout.p)                  // keeps x and a seed, not x ⊙ mask
                : nn.functional.linear(lora_dropout.mask(x), lora_A.weight!.to_type(x.dtype));  // (…, r)
            var lora = nn.functional.linear(down, lora_B.weight!.to_type(x.dtype));        // (…, out)
            return result.add_(lora, scaling * lora_dropout.rescale).MoveToOuterDisposeScope();
        }
        var xa = lora_dropout.forward(x.to_type(dt));                                      // (…, in)
        var lora_out = lora_B.forward(lora_A.forward(xa));                                  // (…, out)
        // DoRA: W' = m · (W + sBA) / ‖W + sBA‖ (row norm, detached as in the paper §4.3 and PEFT)
        var w = weight.to_type(dt);                                                          // (out, in)
        var norm = weight_norm(w).detach();                                                  // (out)
        var mag_scale = (lora_magnitude_vector / norm).view(1, -1);                         // (1, out)
        var base_xw = nn.functional.linear(xa, w);                                          // (…, out) without bias
        var dora = (mag_scale - 1) * base_xw + mag_scale * lora_out * scaling;                  // (…, out)
        return (result + dora.to_type(result.dtype)).MoveToOuterDisposeScope();
    }

    /// <summary>s·B@A (out, in) in the adapter dtype.</summary>
    public Tensor delta_weight() => matmul(lora_B.weight!, lora_A.weight!) * scaling;

    /// <summary>‖W + s·B@A‖ per output row (out).</summary>
    Tensor weight_norm(Tensor w) => (w + delta_weight()).norm(1, false, 2);

    /// <summary>DoRA: sets m = ‖W + s·B@A‖ so the layer starts as the base layer (PEFT update_layer with use_dora).</summary>
    public void init_magnitude()
    {
        if (lora_magnitude_vector is null) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        lora_magnitude_vector.copy_(weight_norm(weight.to_type(lora_A.weight!.dtype)));
    }

    /// <summary>Folds the adapter into <see cref="weight"/>: W ← W + s·BA (LoRA) or m·(W + s·BA)/‖W + s·BA‖ (DoRA).</summary>
    public void merge()
    {
        if (merged) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var w = weight.to_type(lora_A.weight!.dtype);
        var combined = w + delta_weight();                                                   // (out, in)
        if (lora_magnitude_vector is not null)
        {
            var norm = combined.norm(1, false, 2);                                          // (out)
            combined = combined * (lora_magnitude_vector / norm).view(-1, 1);
            merged_weight_norm = norm.DetachFromDisposeScope();
        }
        weight.copy_(combined.to_type(weight.dtype));
        merged = true;
    }

    /// <summary>Undoes <see cref="merge"/> (up to rounding in the base dtype).</summary>
    public void unmerge()
    {
        if (!merged) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var w = weight.to_type(lora_A.weight!.dtype);
        if (lora_magnitude_vector is not null && merged_weight_norm is not null)
        {
            w = w / (lora_magnitude_vector / merged_weight_norm).view(-1, 1);
            merged_weight_norm.Dispose();
            merged_weight_norm = null;
        }
        weight.copy_((w - delta_weight()).to_type(weight.dtype));
        merged = false;
    }
}

/// <summary>
/// LoRA's down-projection of the dropped-out input, (x ⊙ m)·Aᵀ with A cast to x's dtype, as one autograd node that keeps
/// x and the mask's seed instead of the masked copy and the boolean mask: two (…, in) tensors less per adapted layer,
/// and x itself is shared by every adapter on the same input (q_proj and v_proj). Backward rebuilds the mask from its
/// seed (<see cref="Modeling.FastDropout"/>); the gradients are the op-by-op graph's, computed by the same ops.
/// </summary>
public sealed class LoraDropoutDown : Modeling.HandOverFunction<LoraDropoutDown>
{
    public override string Name => nameof(LoraDropoutDown);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var a = (Tensor)vars[1];
        double p = (double)vars[2];
        ulong seed = Modeling.FastDropout.DrawSeed();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var h = nn.functional.linear(Modeling.FastDropout.Masked(x, p, seed), a.to_type(x.dtype));  // (…, r)
        ctx.save_data("saved", new Saved(x.detach().DetachFromDisposeScope(), a.detach().DetachFromDisposeScope(), p, seed, x.requires_grad, a.requires_grad));
        return h.MoveToOuterDisposeScope();
    }

    protected override List<Tensor> gradients(autograd.AutogradContext ctx, Tensor gh)
    {
        var s = (Saved)ctx.get_data("saved");
        Tensor? dx = null, da = null;
        using (var scope = NewDisposeScope())
        {
            var g = gh.to_type(s.X.dtype);                                                   // (…, r)
            long r = g.shape[^1], inF = s.X.shape[^1];
            if (s.NeedX) dx = Modeling.FastDropout.Masked(matmul(g, s.A.to_type(s.X.dtype)), s.P, s.Seed, inPlace: true).MoveToOuterDisposeScope();
            if (s.NeedA) da = matmul(g.reshape(-1, r).t(), Modeling.FastDropout.Masked(s.X, s.P, s.Seed).reshape(-1, inF)).to_type(s.A.dtype).MoveToOuterDisposeScope();
        }
        s.X.Dispose(); s.A.Dispose();
        return [dx!, da!, null!];
    }

    sealed record Saved(Tensor X, Tensor A, double P, ulong Seed, bool NeedX, bool NeedA);
}
