// Gradients that a custom autograd function's backward returns must outlive the call (TorchSharp hands them to the
// engine after it returns), yet kept in the caller's dispose scope they would stay alive until the training step ends:
// one (B, T, H) tensor per layer held through the whole backward pass, which raises peak memory. Instead each returned
// tensor is released when the next custom backward begins, by which time the engine holds its own reference; the
// incoming gradient's handle (ours only) is released as soon as backward is done with it.
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

/// <summary>A custom autograd function whose backward follows the hand-over rule above.</summary>
public abstract class HandOverFunction<T> : autograd.SingleTensorFunction<T> where T : HandOverFunction<T>, new()
{
    /// <summary>The gradients, one per argument of apply (null where none).</summary>
    protected abstract List<Tensor> gradients(autograd.AutogradContext ctx, Tensor grad_output);

    public sealed override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        BackwardHandOver.ReleasePrevious();
        var grads = gradients(ctx, grad_output);
        grad_output.Dispose();
        foreach (var g in grads) if (g is not null) BackwardHandOver.Keep(g);
        return grads;
    }
}

/// <summary>The tensors handed to the autograd engine by the last custom backward (shared by every function type).</summary>
internal static class BackwardHandOver
{
    [ThreadStatic] static List<Tensor>? handedOver;

    public static void ReleasePrevious()
    {
        if (handedOver is null) return;
        foreach (var t in handedOver) t.Dispose();
        handedOver.Clear();
    }

    public static void Keep(Tensor t) => (handedOver ??= []).Add(t.DetachFromDisposeScope());
}
