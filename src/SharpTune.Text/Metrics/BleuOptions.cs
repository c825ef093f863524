namespace SharpTune.Text.Metrics;

/// <summary>
/// sacreBLEU 2.x <c>BLEU(...)</c> arguments. <see cref="SmoothValue"/> null means sacreBLEU's default for the
/// method (floor: 0.1, add-k: 1).
/// </summary>
public sealed record BleuOptions
{
    /// <summary>Lowercase hypotheses and references before tokenizing.</summary>
    public bool Lowercase { get; init; }

    /// <summary>Tokenizer name: 13a (default), intl, zh, char, none.</summary>
    public string Tokenize { get; init; } = BleuTokenizer.Default;

    /// <summary>Smoothing: exp (default), floor, add-k, none.</summary>
    public string SmoothMethod { get; init; } = "exp";

    /// <summary>Smoothing value for floor / add-k; null uses the method's default.</summary>
    public double? SmoothValue { get; init; }

    /// <summary>Highest n-gram order (default 4).</summary>
    public int MaxNgramOrder { get; init; } = 4;

    /// <summary>Average only over the n-gram orders the hypothesis has (sacreBLEU's effective order).</summary>
    public bool EffectiveOrder { get; init; }

    /// <summary>Defaults for corpus BLEU (as sacreBLEU's <c>corpus_bleu</c>).</summary>
    public static BleuOptions Corpus { get; } = new();

    /// <summary>Defaults for sentence BLEU (as sacreBLEU's <c>sentence_bleu</c>: effective order on).</summary>
    public static BleuOptions Sentence { get; } = new() { EffectiveOrder = true };

    /// <summary>The smoothing methods sacreBLEU knows, with their default values.</summary>
    internal static double? DefaultSmoothValue(string method) => method switch
    {
        "none" or "exp" => null,
        "floor" => 0.1,
        "add-k" => 1,
        _ => throw new ArgumentException(
            $"Unknown BLEU smoothing method '{method}'; expected one of: exp, floor, add-k, none."),
    };

    /// <summary>Throws a clear error for an unknown tokenizer, smoothing method or order.</summary>
    internal void Validate()
    {
        _ = BleuTokenizer.Resolve(Tokenize);
        _ = DefaultSmoothValue(SmoothMethod);
        if (MaxNgramOrder < 1) throw new ArgumentException($"max_ngram_order must be at least 1, got {MaxNgramOrder}.");
    }
}
