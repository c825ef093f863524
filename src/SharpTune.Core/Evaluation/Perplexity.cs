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
        if (model is nn.Module mod) mod.eval();
        using var _ = no_grad();
        double nll = 0;
        long tokens = 0;
        for (int i = 0; i < examples.Count; i += batchSize)
        {
            var (sums, counts) = RowLosses(model, examples.Skip(i).Take(batchSize).ToList(), padId);
            nll += sums.Sum();
            tokens += counts.Sum();
        }
        double loss = nll / Math.Max(1, tokens);
        return new Result(loss, Math.Exp(loss), tokens, examples.Count);
    }

    /// <summary>
    /// The mean cross-entropy (nats per learned token) of every example, NaN for one that learns no token. Examples are
    /// sorted by length into batches of <paramref name="batchSize"/> (right-padded, attention-masked), so that padding
    /// stays small; the results come back in input order. <paramref name="done"/> hears how many examples are finished.
    /// </summary>
    public static double[] PerExample(ICausalLM model, IReadOnlyList<TokenizedExample> examples, int batchSize, int padId, Action<int>? done = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var result = new double[examples.Count];
        Array.Fill(result, double.NaN);
        var order = Enumerable.Range(0, examples.Count).Where(i => examples[i].LearnedTokens > 0 && examples[i].Length > 1)
            .OrderBy(i => examples[i].Length).ToArray();
        if (model is nn.Module mod) mod.eval();
        using var _ = no_grad();
        for (int start = 0; start < order.Length; start += batchSize)
        {
            var rows = order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
            var (sums, counts) = RowLosses(model, rows.Select(i => examples[i]).ToList(), padId);
            for (int r = 0; r < rows.Length; r++) result[rows[r]] = counts[r] == 0 ? double.NaN : sums[r] / counts[r];
            done?.Invoke(start + rows.Length);
        }
        return result;
    }

    /// <summary>One batched forward: each row's summed next-token cross-entropy (float32 logits) and its learned-token count.</summary>
    static (double[] Sums, long[] Counts) RowLosses(ICausalLM model, IReadOnlyList<TokenizedExample> rows, int padId)
    {
        using var scope = NewDisposeScope();
        using var batch = Collator.Collate(rows, padId, model.device);
        using var o = model.forward(new CausalLMInputs { input_ids = batch.InputIds, attention_mask = batch.AttentionMask });
        long B = o.logits.shape[0], T = o.logits.shape[1], V = o.logits.shape[2];
        if (T < 2) return (new double[B], new long[B]);
        var logits = o.logits.narrow(1, 0, T - 1).to_type(ScalarType.Float32).reshape(-1, V);        // (B·(T−1), V)
        var labels = batch.Labels.narrow(1, 1, T - 1).reshape(-1);                                    // (B·(T−1))
        var ce = nn.functional.cross_entropy(logits, labels, ignore_index: TokenizedExample.IgnoreIndex, reduction: nn.Reduction.None).reshape(B, T - 1);
        var sums = ce.to_type(ScalarType.Float64).sum(1).cpu().data<double>().ToArray();
        var counts = labels.ne(TokenizedExample.IgnoreIndex).reshape(B, T - 1).sum(1).cpu().data<long>().ToArray();
        return (sums, counts);
    }
}
