// Linear + cross-entropy fused over row chunks (the idea of Liger-Kernel's FusedLinearCrossEntropy): the (N, V)
// logits are never materialised whole. Each chunk's logits are reduced to the loss and, in the same pass, to the
// gradients of h (and W), which backward only scales — so a 150k-token vocabulary needs neither several N×V
// float32 buffers nor a second lm_head pass.
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

/// <summary>mean over rows with label ≠ −100 of CE(h Wᵀ, label), with gradients for h (and W when it requires them).</summary>
public sealed class ChunkedCrossEntropy : autograd.SingleTensorFunction<ChunkedCrossEntropy>
{
    public override string Name => nameof(ChunkedCrossEntropy);

    /// <summary>Rows per chunk so that a chunk's float32 logits stay near 16 M elements (64 MB).</summary>
    public static long ChunkRows(long vocab) => Math.Max(1, (16L << 20) / Math.Max(1, vocab));

    /// <summary>The loss of hidden states h (N, H) under weight (V, H) against labels (N).</summary>
    public static Tensor compute(Tensor h, Tensor weight, Tensor labels, long? chunkRows = null) =>
        apply(h, weight, labels, chunkRows ?? ChunkRows(weight.shape[0]));

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var h = (Tensor)vars[0];
        var w = (Tensor)vars[1];
        var labels = (Tensor)vars[2];
        long N = h.shape[0], rows = (long)vars[3];
        bool needH = h.requires_grad, needW = w.requires_grad;
        using var _ = no_grad();
        long valid = labels.ne(-100).sum().item<long>();
        float inv = 1f / Math.Max(1, valid);
        var grad_h = needH ? empty_like(h).DetachFromDisposeScope() : null;
        var grad_w = needW ? zeros(w.shape, dtype: ScalarType.Float32, device: w.device).DetachFromDisposeScope() : null;
        var loss = zeros(1, dtype: ScalarType.Float32, device: h.device);
        for (long s = 0; s < N; s += rows)
        {
            using var scope = NewDisposeScope();
            long n = Math.Min(rows, N - s);
            var y = labels.narrow(0, s, n);                                                  // (n)
            var keep = y.ne(-100);
            var target = y.clamp_min(0).unsqueeze(1);                                        // (n, 1)
            var hs = h.narrow(0, s, n);
            var logits = nn.functional.linear(hs, w).to_type(ScalarType.Float32);            // (n, V)
            var lse = logits.logsumexp(1, keepdim: true);                                    // (n, 1)
            loss.add_(((lse - logits.gather(1, target)).squeeze(1) * keep).sum());
            if (!needH && !needW) continue;
            var g = logits.sub_(lse).exp_();                                                  // softmax, in place
            g.scatter_add_(1, target, full(n, 1, -1.0f, device: g.device));                  // − onehot
            g.mul_(keep.unsqueeze(1).to_type(ScalarType.Float32) * inv);                     // mean over learned rows
            grad_h?.narrow(0, s, n).copy_(matmul(g.to_type(h.dtype), w));                    // (n, H)
            grad_w?.add_(matmul(g.t(), hs.to_type(ScalarType.Float32)));                    // (V, H)
        }
        ctx.save_data("grads", new Gradients(grad_h, grad_w?.to_type(w.dtype).DetachFromDisposeScope()));
        grad_w?.Dispose();
        return valid > 0 ? (loss * inv).squeeze(0) : tensor(float.NaN, device: h.device);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var (grad_h, grad_w) = (Gradients)ctx.get_data("grads");
        var scale = grad_output.to_type(ScalarType.Float32);
        var gh = grad_h is null ? null : grad_h * scale.to_type(grad_h.dtype);
        var gw = grad_w is null ? null : grad_w * scale.to_type(grad_w.dtype);
        grad_h?.Dispose();
        grad_w?.Dispose();
        return [gh!, gw!, null!, null!];                                                    // one per argument of apply
    }

    /// <summary>Gradients computed in forward (a holder, since autograd data slots take no bare tensors).</summary>
    sealed record Gradients(Tensor? H, Tensor? W);
}
