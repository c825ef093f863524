namespace SharpTune.Text.Metrics;

/// <summary>
/// rouge-score's <c>RougeScorer(rouge_types, use_stemmer, split_summaries)</c> plus the tokenizer choice.
/// Rouge types: <c>rouge1</c>…<c>rouge9</c>, <c>rougeL</c>, <c>rougeLsum</c>.
/// </summary>
public sealed record RougeOptions
{
    /// <summary>Which scores to compute (default rouge1, rouge2, rougeL, rougeLsum).</summary>
    public IReadOnlyList<string> RougeTypes { get; init; } = ["rouge1", "rouge2", "rougeL", "rougeLsum"];

    /// <summary>Porter-stem tokens longer than 3 characters (default tokenizer only).</summary>
    public bool UseStemmer { get; init; }

    /// <summary>
    /// For rougeLsum, split summaries into sentences with <see cref="SentenceSplitter"/> instead of on newlines.
    /// rouge-score uses NLTK's Punkt model here; this rule-based splitter agrees on ordinary prose but not on every
    /// abbreviation Punkt knows.
    /// </summary>
    public bool SplitSummaries { get; init; }

    /// <summary>Tokenizer: rouge-score's default, or per-character for text outside ASCII.</summary>
    public RougeTokenization Tokenization { get; init; } = RougeTokenization.Default;
}
