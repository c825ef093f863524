namespace SharpTune.Text.Tokenization.Training;

/// <summary>Options of <see cref="BpeTrainer"/> (names as in Hugging Face tokenizers' BpeTrainer).</summary>
public sealed record BpeTrainerOptions
{
    /// <summary>Target vocabulary size, special and byte tokens included.</summary>
    public int VocabSize { get; init; } = 8000;

    /// <summary>The model flavour.</summary>
    public BpeModelKind Kind { get; init; } = BpeModelKind.Metaspace;

    /// <summary>A pair seen fewer times than this is never merged.</summary>
    public int MinFrequency { get; init; }

    /// <summary>Keep at most this many characters (most frequent first) in the alphabet; null = all. Ignored for byte-level.</summary>
    public int? LimitAlphabet { get; init; }

    /// <summary>Special tokens, given the first ids in this order; null = the kind's defaults.</summary>
    public IReadOnlyList<string>? SpecialTokens { get; init; }

    /// <summary>Metaspace only: add <c>&lt;0x00&gt;</c>…<c>&lt;0xFF&gt;</c> and fall back to them for unknown characters.</summary>
    public bool ByteFallback { get; init; } = true;

    /// <summary>Metaspace only: consecutive unknown tokens fuse into one <c>&lt;unk&gt;</c>.</summary>
    public bool FuseUnk { get; init; } = true;

    /// <summary>Worker threads for counting words; null = all cores.</summary>
    public int? Threads { get; init; }

    /// <summary>The special tokens in effect.</summary>
    public IReadOnlyList<string> EffectiveSpecialTokens => SpecialTokens
        ?? (Kind == BpeModelKind.Metaspace ? ["<unk>", "<s>", "</s>"] : ["<|endoftext|>"]);

    /// <summary>The kind for a command-line model name: <c>bpe</c> (metaspace) or <c>bpe-bytelevel</c>.</summary>
    public static BpeModelKind ParseModelKind(string name) => name switch
    {
        "bpe" or "bpe-metaspace" => BpeModelKind.Metaspace,
        "bpe-bytelevel" or "bpe-byte-level" => BpeModelKind.ByteLevel,
        _ => throw new ArgumentException($"Unknown model type '{name}'; expected bpe (SentencePiece-style metaspace) or bpe-bytelevel."),
    };

    /// <summary>Special tokens from a comma-separated list (empty entries dropped); null for null or blank input.</summary>
    public static IReadOnlyList<string>? ParseSpecialTokens(string? list) =>
        string.IsNullOrWhiteSpace(list) ? null : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        if (VocabSize < 1) throw new ArgumentException($"vocab_size must be positive, got {VocabSize}.");
        if (MinFrequency < 0) throw new ArgumentException($"min_frequency must be >= 0, got {MinFrequency}.");
        if (LimitAlphabet is < 1) throw new ArgumentException($"limit_alphabet must be positive, got {LimitAlphabet}.");
        var specials = EffectiveSpecialTokens;
        if (specials.Any(string.IsNullOrEmpty)) throw new ArgumentException("special tokens must not be empty.");
        if (specials.Distinct(StringComparer.Ordinal).Count() != specials.Count) throw new ArgumentException("special tokens must be distinct.");
    }
}
