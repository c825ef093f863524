// Activation (gradient) checkpointing (Chen et al. 2016, "Training Deep Nets with Sublinear Memory Cost"), as
// torch.utils.checkpoint: a decoder layer runs without recording its graph; backward re-runs it with the same RNG
// state (dropout) and back-propagates through the recomputed graph. Memory: one (B, T, H) input per layer.
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

/// <summary>Runs a <see cref="LlamaDecoderLayer"/> under activation checkpointing.</summary>
public sealed class CheckpointedLayer : HandOverFunction<CheckpointedLayer>
{
    public override string Name => nameof(CheckpointedLayer);

    public static Tensor run(LlamaDecoderLayer layer, Tensor x, Tensor cos, Tensor sin, Tensor? mask, AttentionImplementation impl) =>
        apply(x, layer, cos, sin, mask!, impl);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var layer = (LlamaDecoderLayer)vars[1];
        ctx.save_for_backward([x]);
        // cos / sin / mask belong to the caller's dispose scope, which ends before backward: keep own handles.
        var kept = new object[vars.Length];
        Array.Copy(vars, kept, vars.Length);
        for (int i = 2; i <= 4; i++) if (vars[i] is Tensor t) kept[i] = t.detach().DetachFromDisposeScope();
        ctx.save_data("args", kept);
        ctx.save_data("rng", new RngState(random.get_rng_state().DetachFromDisposeScope()));
        using var _ = no_grad();
        return layer.forward(x, (Tensor)vars[2], (Tensor)vars[3], vars[4] as Tensor, null, null, (AttentionImplementation)vars[5]);
    }

    protected override List<Tensor> gradients(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var vars = (object[])ctx.get_data("args");
        var layer = (LlamaDecoderLayer)vars[1];
        using var rngAtForward = ((RngState)ctx.get_data("rng")).State;
        using var rngNow = random.get_rng_state();
        var x = ctx.get_saved_variables()[0].detach().requires_grad_(true);
        random.set_rng_state(rngAtForward);                                                 // same dropout masks as the forward
        using (enable_grad())
        {
            var y = layer.forward(x, (Tensor)vars[2], (Tensor)vars[3], vars[4] as Tensor, null, null, (AttentionImplementation)vars[5]);
            autograd.backward([y], [grad_output]);                                          // parameter grads accumulate here
        }
        random.set_rng_state(rngNow);
        for (int i = 2; i <= 4; i++) (vars[i] as Tensor)?.Dispose();
        return [x.grad!, null!, null!, null!, null!, null!];
    }

    /// <summary>The RNG state at forward time (a holder, since autograd data slots take no bare tensors).</summary>
    sealed record RngState(Tensor State);
}
