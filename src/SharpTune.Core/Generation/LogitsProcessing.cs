using static TorchSharp.torch;

namespace SharpTune.Core.Generation;

/// <summary>The logits processors and warpers of transformers, as pure functions on (B, V) float scores.</summary>
public static class LogitsProcessing
{
    /// <summary>CTRL repetition penalty: every token already in <paramref name="input_ids"/> has its score divided by p (positive) or multiplied (negative).</summary>
    public static Tensor RepetitionPenalty(Tensor scores, Tensor input_ids, double penalty)
    {
        if (penalty == 1.0) return scores;
        using var scope = NewDisposeScope();
        var seen = scores.gather(1, input_ids);                                         // (B, S)
        var penalised = where(seen < 0, seen * penalty, seen / penalty);
        return scores.scatter(1, input_ids, penalised).MoveToOuterDisposeScope();
    }

    public static Tensor Temperature(Tensor scores, double t) => t == 1.0 ? scores : scores / t;

    /// <summary>Keeps the k highest scores per row, the rest become −inf.</summary>
    public static Tensor TopK(Tensor scores, int k)
    {
        if (k <= 0 || k >= scores.shape[1]) return scores;
        using var scope = NewDisposeScope();
        var kth = scores.topk(k).values.narrow(1, k - 1, 1);                            // (B, 1)
        return scores.masked_fill(scores < kth, double.NegativeInfinity).MoveToOuterDisposeScope();
    }

    /// <summary>Nucleus filtering: keeps the smallest set of top tokens whose probability reaches p (at least one).</summary>
    public static Tensor TopP(Tensor scores, double p)
    {
        if (p >= 1.0) return scores;
        using var scope = NewDisposeScope();
        var (sorted, idx) = scores.sort(dim: 1, descending: false);                    // ascending, as transformers
        var cum = sorted.softmax(1).cumsum(1);
        var remove = cum <= (1 - p);
        remove.narrow(1, remove.shape[1] - 1, 1).fill_(false);                         // keep the top token
        var mask = remove.scatter(1, idx, remove);
        return scores.masked_fill(mask, double.NegativeInfinity).MoveToOuterDisposeScope();
    }

    /// <summary>Picks the next token per row: argmax, or a seeded sample after the warpers.</summary>
    public static Tensor NextTokens(Tensor logits, Tensor input_ids, GenerationOptions o, Generator? rng)
    {
        using var scope = NewDisposeScope();
        var s = RepetitionPenalty(logits, input_ids, o.RepetitionPenalty);
        if (!o.DoSample) return s.argmax(1).MoveToOuterDisposeScope();
        s = TopP(TopK(Temperature(s, o.Temperature), o.TopK), o.TopP);
        var probs = s.softmax(1);
        return multinomial(probs, 1, generator: rng).squeeze(1).MoveToOuterDisposeScope();
    }
}
