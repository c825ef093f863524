using SharpTune.Core.Training;
using SharpTune.Text.Templates;

namespace SharpTune.Core.Data;

/// <summary>
/// LLaMA-Factory's supervised preprocessing: the template turns a conversation into (prompt, response) id pairs;
/// prompts are labelled −100 unless train_on_prompt, earlier turns too with mask_history, and each turn is cut
/// to fit cutoff_len with the response kept preferentially (infer_seqlen).
/// </summary>
public sealed class SupervisedPreprocessor(ChatTemplate template, ITokenEncoder tokenizer, int cutoffLen, bool trainOnPrompt, bool maskHistory)
{
    const int Ignore = TokenizedExample.IgnoreIndex;
    readonly int? _eos = template.ResolveEosId(tokenizer);

    public TokenizedExample Encode(ConversationSample s)
    {
        if (s.Messages.Count < 2 || s.Messages.Count % 2 != 0)
            throw new DataFormatException($"{s.Location}: a supervised example needs prompt/response pairs (got {s.Messages.Count} messages)");
        var pairs = template.EncodeMultiturn(tokenizer, s.Messages, s.System).ToList();
        var input = new List<int>();
        var labels = new List<int>();
        int total = template.EfficientEos ? 1 : 0;
        if (maskHistory) pairs.Reverse();                                       // the last turn has priority
        for (int t = 0; t < pairs.Count; t++)
        {
            if (total >= cutoffLen) break;
            var (src, tgt) = (pairs[t].PromptIds, pairs[t].ResponseIds);
            var (srcLen, tgtLen) = InferSeqLen(src.Count, tgt.Count, cutoffLen - total);
            var srcIds = src.Take(srcLen).ToList();
            var tgtIds = tgt.Take(tgtLen).ToList();
            total += srcLen + tgtLen;
            List<int> srcLabel = trainOnPrompt ? srcIds
                : template.EfficientEos && t != 0 && srcLen > 0 ? [_eos ?? Ignore, .. Enumerable.Repeat(Ignore, srcLen - 1)]
                : Enumerable.Repeat(Ignore, srcLen).ToList();
            List<int> tgtLabel = maskHistory && t != 0 ? Enumerable.Repeat(Ignore, tgtLen).ToList() : tgtIds;
            if (maskHistory)
            {
                input.InsertRange(0, srcIds.Concat(tgtIds));
                labels.InsertRange(0, srcLabel.Concat(tgtLabel));
            }
            else
            {
                input.AddRange(srcIds.Concat(tgtIds));
                labels.AddRange(srcLabel.Concat(tgtLabel));
            }
        }
        if (template.EfficientEos && _eos is { } eos)
        {
            input.Add(eos);
            labels.Add(eos);
        }
        if (labels.All(l => l == Ignore))
            throw new DataFormatException($"{s.Location}: cutoff_len {cutoffLen} leaves no response token to learn (the first prompt alone has {pairs[0].PromptIds.Count} tokens); raise cutoff_len");
        return new TokenizedExample([.. input], [.. labels]);
    }

    /// <summary>LLaMA-Factory's infer_seqlen: how many prompt and response tokens fit in <paramref name="cutoff"/>.</summary>
    public static (int Source, int Target) InferSeqLen(int sourceLen, int targetLen, int cutoff)
    {
        int maxTarget = targetLen * 2 < cutoff ? cutoff
            : sourceLen * 2 < cutoff ? cutoff - sourceLen
            : (int)(cutoff * ((double)targetLen / (sourceLen + targetLen)));
        int newTarget = Math.Min(maxTarget, targetLen);
        int maxSource = Math.Max(cutoff - newTarget, 0);
        return (Math.Min(maxSource, sourceLen), newTarget);
    }
}
