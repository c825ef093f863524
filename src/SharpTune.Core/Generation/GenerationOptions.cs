namespace SharpTune.Core.Generation;

/// <summary>Decoding settings, named as LLaMA-Factory's GeneratingArguments / transformers' GenerationConfig.</summary>
public sealed record GenerationOptions
{
    public int MaxNewTokens { get; init; } = 64;
    public bool DoSample { get; init; }
    public double Temperature { get; init; } = 1.0;
    public int TopK { get; init; }
    public double TopP { get; init; } = 1.0;
    public double RepetitionPenalty { get; init; } = 1.0;
    /// <summary>Generation stops for a row once it emits any of these; empty = never stop early.</summary>
    public IReadOnlyList<long> EosTokenIds { get; init; } = [];
    /// <summary>Written after a row has finished (transformers uses pad_token_id).</summary>
    public long PadTokenId { get; init; }
    public long Seed { get; init; } = 42;
    /// <summary>Keep each step's raw last-position logits (transformers' output_scores with no processors).</summary>
    public bool OutputScores { get; init; }

    /// <summary>Checks ranges; the message names the option.</summary>
    public GenerationOptions Validate()
    {
        if (MaxNewTokens < 0) throw new ArgumentException($"max_new_tokens must be ≥ 0, got {MaxNewTokens}");
        if (DoSample && Temperature <= 0) throw new ArgumentException($"temperature must be > 0 when sampling, got {Temperature}");
        if (TopK < 0) throw new ArgumentException($"top_k must be ≥ 0, got {TopK}");
        if (TopP is <= 0 or > 1) throw new ArgumentException($"top_p must be in (0, 1], got {TopP}");
        if (RepetitionPenalty <= 0) throw new ArgumentException($"repetition_penalty must be > 0, got {RepetitionPenalty}");
        return this;
    }
}
