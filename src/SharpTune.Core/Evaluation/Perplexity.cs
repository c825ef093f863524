using SharpTune.Core.Modeling;
using SharpTune.Core.Training;
using static TorchSharp.torch;

namespace SharpTune.Core.Evaluation;

/// <summary>Token-weighted evaluation loss and perplexity (exp of the mean negative log-likelihood of learned tokens).</summary>
public static class Perplexity
{
    public sealed record Result(double Loss, double Perplexity, long Tokens, int Examples);

    public static Result Compute(ICausalLM model, IReadOnlyList<TokenizedExample> examples, int batchSize, int padId)
    {
        if (examples.Count == 0) throw new ArgumentException("nothing to evaluate: the dataset is empty");
        var device = model.device;
        if (model is nn.Module mod) mod.eval();
        using var _ = no_grad();
        double nll = 0;
        long tokens = 0;
        for (int i = 0; i < examples.Count; i += batchSize)
        {
            using var scope = NewDisposeScope();
            using var batch = Collator.Collate(examples.Skip(i).Take(batchSize).ToList(), padId, device);
            using var o = model.forward(new CausalLMInputs { input_ids = batch.InputIds, attention_mask = batch.AttentionMask });
            long T = o.logits.shape[1], V = o.logits.shape[2];
            var logits = o.logits.narrow(1, 0, T - 1).reshape(-1, V);
            var labels = batch.Labels.narrow(1, 1, T - 1).reshape(-1);
            var sum = nn.functional.cross_entropy(logits, labels, ignore_index: -100, reduction: nn.Reduction.Sum);
            nll += sum.item<float>();
            tokens += labels.ne(-100).sum().item<long>();
        }
        double loss = nll / Math.Max(1, tokens);
        return new Result(loss, Math.Exp(loss), tokens, examples.Count);
    }
}
