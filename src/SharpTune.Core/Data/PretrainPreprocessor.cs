using SharpTune.Core.Training;
using SharpTune.Text.Templates;

namespace SharpTune.Core.Data;

/// <summary>
/// LLaMA-Factory's pre-training preprocessing (stage pt): each text + EOS, concatenated and cut into blocks of
/// cutoff_len tokens (the remainder dropped; BOS at the start of each block when the tokenizer adds one), or,
/// without packing, one truncated example per text. Every token is learned.
/// </summary>
public static class PretrainPreprocessor
{
    public static List<TokenizedExample> Encode(IEnumerable<ConversationSample> samples, ITokenEncoder tokenizer, int cutoffLen, bool packing, bool addBos)
    {
        int eos = tokenizer.EosId ?? throw new InvalidOperationException("stage pt needs a tokenizer with an EOS token");
        var texts = samples.Select(s => s.Messages.Count > 0 ? s.Messages[0].Content : throw new DataFormatException($"{s.Location}: no text"));
        var result = new List<TokenizedExample>();
        if (!packing)
        {
            foreach (var t in texts)
            {
                var ids = (addBos && tokenizer.BosId is { } b ? [b] : new List<int>()).Concat(tokenizer.Encode(t)).Append(eos).Take(cutoffLen).ToArray();
                result.Add(new TokenizedExample(ids, ids));                          // every token learned: kept as bits
            }
            return result;
        }
        var stream = new List<int>();
        foreach (var t in texts)
        {
            stream.AddRange(tokenizer.Encode(t));
            stream.Add(eos);
        }
        for (int start = 0; start + cutoffLen <= stream.Count; start += cutoffLen)
        {
            var block = stream.GetRange(start, cutoffLen).ToArray();
            if (addBos && tokenizer.BosId is { } bos) block[0] = bos;
            result.Add(new TokenizedExample(block, block));
        }
        if (result.Count == 0)
            throw new DataFormatException($"the pre-training text has {stream.Count} tokens, fewer than one block of cutoff_len {cutoffLen}; lower cutoff_len or add text");
        return result;
    }
}
