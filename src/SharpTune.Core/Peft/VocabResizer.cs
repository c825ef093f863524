// Vocabulary resize for an expanded tokenizer, as LLaMA-Factory's model/model_utils/embedding.py
// resize_embedding_layer (noisy mean initialisation) with a better first choice: a new token's row is the mean of
// the base rows of the pieces the base tokenizer splits its text into (as in "Efficiently Adapting Pretrained
// Language Models to New Languages", Csaki et al. 2023); tokens without usable pieces get mean(all rows) + N(0, 1/H).
using SharpTune.Core.Modeling;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpTune.Core.Peft;

public static class VocabResizer
{
    /// <summary>
    /// Resizes embed_tokens and lm_head to <paramref name="newVocab"/> rows and updates config.vocab_size. Existing rows
    /// are kept; new row i is initialised from <paramref name="baseTokenize"/>(<paramref name="tokenText"/>(i)) when both are
    /// given and yield ids of the old vocabulary, else from the noisy mean. Shrinking keeps the first rows.
    /// </summary>
    public static void Resize(LlamaForCausalLM model, int newVocab, Func<int, string?>? tokenText = null,
        Func<string, int[]>? baseTokenize = null, long seed = 42)
    {
        int oldVocab = model.config.VocabSize;
        if (newVocab <= 0) throw new ArgumentException($"resize_vocab must be > 0, got {newVocab}");
        if (newVocab == oldVocab) return;
        using var scope = NewDisposeScope();
        using var gen = new Generator((ulong)seed);
        var embed = model.model.embed_tokens;
        var newEmbed = Grow(embed.weight!, oldVocab, newVocab, tokenText, baseTokenize, gen);          // (V', H)
        embed.weight = new Parameter(newEmbed.DetachFromDisposeScope(), embed.weight!.requires_grad);
        if (model.lm_head is not null)
        {
            if (model.lm_head is not Linear head)
                throw new NotSupportedException("resize_vocab needs lm_head to be a plain linear layer (do not put LoRA on lm_head when resizing)");
            var newHead = Grow(head.weight!, oldVocab, newVocab, tokenText, baseTokenize, gen);          // (V', H)
            head.weight = new Parameter(newHead.DetachFromDisposeScope(), head.weight!.requires_grad);
        }
        model.config = model.config with { VocabSize = newVocab };
    }

    static Tensor Grow(Tensor w, int oldVocab, int newVocab, Func<int, string?>? tokenText, Func<string, int[]>? baseTokenize, Generator gen)
    {
        using var _ = no_grad();
        if (newVocab < oldVocab) return w.narrow(0, 0, newVocab).clone();
        long H = w.shape[1];
        var w32 = w.to_type(ScalarType.Float32);                                                       // (V, H)
        var mean = w32.mean([0]);                                                                       // (H)
        var rows = new List<Tensor>();
        for (int i = oldVocab; i < newVocab; i++)
        {
            var ids = tokenText?.Invoke(i) is { Length: > 0 } text && baseTokenize is not null
                ? baseTokenize(text).Where(t => t >= 0 && t < oldVocab).Select(t => (long)t).ToArray()
                : [];
            rows.Add(ids.Length > 0
                ? w32.index_select(0, tensor(ids, device: w.device)).mean([0])                         // (H) mean of the pieces
                : mean + normal(0, 1.0 / Math.Sqrt(H), [H], generator: gen).to(w.device));             // (H) noisy mean
        }
        return cat([w, stack(rows).to_type(w.dtype)], 0);                                             // (V', H)
    }
}
