namespace SharpTune.Text.Metrics;

/// <summary>
/// What <c>sharptune score</c> asks for: a metric, one hypothesis file and one or more reference files (one segment
/// per line, all with the same number of lines).
/// </summary>
public sealed record ScoreRequest
{
    /// <summary>One of <see cref="MetricRunner.Metrics"/>.</summary>
    public required string Metric { get; init; }

    /// <summary>The system output, one segment per line.</summary>
    public required string HypothesisPath { get; init; }

    /// <summary>Reference files, each parallel to the hypothesis file.</summary>
    public required IReadOnlyList<string> ReferencePaths { get; init; }

    /// <summary>BLEU: 13a (default), intl, zh, char, none. ROUGE: default or char. Not used by other metrics.</summary>
    public string? Tokenize { get; init; }

    /// <summary>Lowercase before scoring (BLEU, chrF; ROUGE always lowercases).</summary>
    public bool Lowercase { get; init; }

    /// <summary>Also score every line on its own (sentence-level; BLEU then uses effective order).</summary>
    public bool Sentence { get; init; }

    /// <summary>ROUGE: Porter-stem tokens as rouge-score's <c>use_stemmer=True</c>.</summary>
    public bool Stem { get; init; }
}
