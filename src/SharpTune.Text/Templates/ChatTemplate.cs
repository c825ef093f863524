namespace SharpTune.Text.Templates;

/// <summary>
/// A chat / instruction template with LLaMA-Factory's semantics (src/llamafactory/data/template.py):
/// turn 0 = prefix + system + query, turn t = query; each query is followed by its response.
/// Build one with <see cref="ChatTemplates.Get"/>; change the default system with <c>with { DefaultSystem = … }</c>.
/// </summary>
public sealed partial record ChatTemplate
{
    /// <summary>The registered name (e.g. <c>qwen</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Formats a user query (<c>{{content}}</c>, <c>{{idx}}</c> = turn index).</summary>
    public required SlotFormatter FormatUser { get; init; }

    /// <summary>Formats an assistant response.</summary>
    public required SlotFormatter FormatAssistant { get; init; }

    /// <summary>Formats the system prompt.</summary>
    public required SlotFormatter FormatSystem { get; init; }

    /// <summary>Formats a tool result (observation).</summary>
    public required SlotFormatter FormatObservation { get; init; }

    /// <summary>Formats a function call (text content only; tool formats are not modelled).</summary>
    public required SlotFormatter FormatFunction { get; init; }

    /// <summary>Slots placed before everything in turn 0 (e.g. BOS).</summary>
    public required SlotFormatter FormatPrefix { get; init; }

    /// <summary>The system prompt used when the caller passes none (may be empty).</summary>
    public string DefaultSystem { get; init; } = "";

    /// <summary>Extra stop words; with <see cref="ReplaceEos"/> the first one becomes the EOS token.</summary>
    public IReadOnlyList<string> StopWords { get; init; } = [];

    /// <summary>
    /// True when responses carry no EOS slot: the collator appends EOS once after the last response, and the
    /// EOS is the label of turn t's first prompt token for t &gt; 0 (LLaMA-Factory's supervised processor).
    /// </summary>
    public bool EfficientEos { get; init; }

    /// <summary>True when the tokenizer's EOS is replaced by <c>StopWords[0]</c> (e.g. <c>&lt;|im_end|&gt;</c>).</summary>
    public bool ReplaceEos { get; init; }

    /// <summary>True for Llama2Template: the system text is fused into the first user message instead of preceding it.</summary>
    public bool FuseSystemIntoUser { get; init; }

    /// <summary>The EOS token after <c>replace_eos</c>: <c>StopWords[0]</c> when replacing, else the tokenizer's.</summary>
    public string? ResolveEosToken(string? tokenizerEos)
    {
        if (!ReplaceEos) return tokenizerEos;
        if (StopWords.Count == 0) throw new InvalidOperationException($"Template '{Name}' replaces EOS but has no stop words.");
        return StopWords[0];
    }

    /// <summary>The EOS id after <c>replace_eos</c>; the replacement token must already be in the vocabulary.</summary>
    public int? ResolveEosId(ITokenEncoder tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (!ReplaceEos) return tokenizer.EosId;
        string eos = ResolveEosToken(tokenizer.EosToken)!;
        return tokenizer.TokenToId(eos)
            ?? throw new InvalidOperationException($"Template '{Name}' uses '{eos}' as EOS, but the tokenizer has no such token; add it first.");
    }

    /// <summary>
    /// LLaMA-Factory's <c>fix_special_tokens</c> as data: the tokens the tokenizer must gain before training with
    /// this template — the EOS (the first stop word with <c>replace_eos</c>, <c>&lt;|endoftext|&gt;</c> when the
    /// tokenizer has none) and the other stop words, each only when the vocabulary lacks it.
    /// </summary>
    public IReadOnlyList<string> MissingSpecialTokens(ITokenEncoder tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var missing = new List<string>();
        string eos = ResolveEosToken(tokenizer.EosId is null ? null : tokenizer.EosToken) ?? "<|endoftext|>";
        var wanted = new[] { eos }.Concat(ReplaceEos ? StopWords.Skip(1) : StopWords);
        foreach (var token in wanted)
        {
            if (tokenizer.TokenToId(token) is null && !missing.Contains(token)) missing.Add(token);
        }

        return missing;
    }

    /// <summary>Stop token ids: the (resolved) EOS plus every stop word in the vocabulary, ascending.</summary>
    public IReadOnlyList<int> GetStopTokenIds(ITokenEncoder tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var ids = new SortedSet<int>();
        if (ResolveEosId(tokenizer) is int eos) ids.Add(eos);
        foreach (var word in StopWords)
        {
            if (tokenizer.TokenToId(word) is int id) ids.Add(id);
        }

        return [.. ids];
    }
}
