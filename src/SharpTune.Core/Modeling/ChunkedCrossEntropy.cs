// Linear + cross-entropy fused over row chunks (the idea of Liger-Kernel's FusedLinearCrossEntropy): the (N, V)
// logits are never materialised whole. Each chunk's logits are reduced to the loss and, in the same pass, to the
// gradients of h (and W), which backward only scales — so a 150k-token vocabulary needs neither several N×V
// float32 buffers nor a second lm_head pass.
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

/// <summary>mean over rows with label ≠ −100 of CE(h Wᵀ, label), with gradients for h (and W when it requires them).</summary>
public sealed class ChunkedCrossEntropy : HandOverFunction<ChunkedCrossEntropy>
{
    public override string Name => nameof(ChunkedCrossEntropy);

    /// <summary>Rows per chunk so that a chunk's float32 probabilities stay near 4 M elements (16 MB: below glibc's largest mmap threshold,
    /// so the buffers are reused instead of page-faulted anew for every chunk).</summary>
    public static long ChunkRows(long vocab) => Math.Max(1, (4L << 20) / Math.Max(1, vocab));

    /// <summary>Below this probability of the label the row's loss is recomputed with log_softmax (float32 underflow).</summary>
    const double Underflow = 1e-30;

    /// <summary>The loss of hidden states h (N, H) under weight (V, H) against labels (N).</summary>
    public static Tensor compute(Tensor h, Tensor weight, Tensor labels, long? chunkRows = null) =>
        apply(h, weight, labels, chunkRows ?? ChunkRows(weight.shape[0]));

    // Per chunk, one fused pass gives both the loss and the gradient (p − onehot). On the CPU (float32 / bfloat16)
    // CpuKernels does it row by row in cache, writing the gradient over the logits (no float32 (n, V) buffer; the loss
    // is logsumexp − label logit, exact however small p is); elsewhere softmax straight to float32 gives −log p of the
    // label, with log_softmax for rows where p underflows. The 1/#rows scale and the ignored rows are applied to the
    // small (n, H) side instead of the (n, V) one.
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
            var logits = nn.functional.linear(hs, w);                                        // (n, V) in w's dtype
            var (rowLoss, g) = CpuKernels.Supports(logits) && logits.is_contiguous()
                ? KernelChunk(logits, target)
                : TorchChunk(logits, target, keep, needH || needW);
            loss.add_(rowLoss.masked_fill_(keep.logical_not(), 0).sum());
            if (g is null) continue;
            var scale = (keep.to_type(ScalarType.Float32) * inv).unsqueeze(1);              // (n, 1): mean over learned rows
            grad_h?.narrow(0, s, n).copy_(matmul(g, w).to_type(ScalarType.Float32).mul_(scale));
            grad_w?.add_(matmul(g.t(), (hs.to_type(ScalarType.Float32) * scale).to_type(g.dtype)));  // (V, H)
        }
        ctx.save_data("grads", new Gradients(grad_h, grad_w?.to_type(w.dtype).DetachFromDisposeScope()));
        grad_w?.Dispose();
        return valid > 0 ? (loss * inv).squeeze(0) : tensor(float.NaN, device: h.device);
    }

    /// <summary>One pass per row in cache: exact loss (logsumexp − label logit), and p − onehot written over the logits.</summary>
    static (Tensor rowLoss, Tensor g) KernelChunk(Tensor logits, Tensor target)
    {
        var losses = new float[logits.shape[0]];
        CpuKernels.SoftmaxCrossEntropyRows(logits, target.squeeze(1).data<long>().ToArray(), losses);
        return (tensor(losses), logits);
    }

    /// <summary>libtorch ops: −log p of the label from a float32 softmax (log_softmax where p underflows), and p − onehot in
    /// the logits' dtype when a gradient is wanted.</summary>
    static (Tensor rowLoss, Tensor? g) TorchChunk(Tensor logits, Tensor target, Tensor keep, bool wantGradient)
    {
        var p = nn.functional.softmax(logits, 1, ScalarType.Float32);                        // (n, V) float32
        var rowLoss = p.gather(1, target).squeeze(1).log_().neg_();                          // (n) −log p(label)
        var lost = rowLoss.gt(-Math.Log(Underflow)).logical_and_(keep).nonzero().squeeze(1);
        if (lost.shape[0] > 0)                                                               // p underflowed: exact path
            rowLoss.index_copy_(0, lost, logits.index_select(0, lost).to_type(ScalarType.Float32).log_softmax(1)
                .gather(1, target.index_select(0, lost)).squeeze(1).neg());
        var dtype = logits.dtype;
        logits.Dispose();
        if (!wantGradient) return (rowLoss, null);
        var g = p.scatter_add_(1, target, full(target.shape[0], 1, -1.0f, device: p.device));  // p − onehot, in place
        if (g.dtype != dtype) { var low = g.to_type(dtype); p.Dispose(); g = low; }
        return (rowLoss, g);
    }

    protected override List<Tensor> gradients(autograd.AutogradContext ctx, Tensor grad_output)
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
