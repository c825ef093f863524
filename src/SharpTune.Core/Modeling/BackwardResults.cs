// Gradients that a custom autograd function's backward returns must outlive the call (TorchSharp hands them to the
// engine after it returns), yet kept in the caller's dispose scope they would stay alive until the training step ends:
// one (B, T, H) tensor per layer held through the whole backward pass, which raises peak memory. Instead each returned
// tensor is released when the next custom backward begins, by which time the engine holds its own reference.
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

internal static class BackwardResults
{
    [ThreadStatic] static List<Tensor>? handedOver;

    /// <summary>Releases what the previous backward returned. Call first in every custom backward.</summary>
    public static void ReleasePrevious()
    {
        if (handedOver is null) return;
        foreach (var t in handedOver) t.Dispose();
        handedOver.Clear();
    }

    /// <summary>Marks a tensor to return from backward: owned by no scope, released at the next backward.</summary>
    public static Tensor HandOver(Tensor t)
    {
        (handedOver ??= []).Add(t.DetachFromDisposeScope());
        return t;
    }
}
