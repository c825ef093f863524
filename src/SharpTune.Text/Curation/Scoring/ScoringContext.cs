namespace SharpTune.Text.Curation.Scoring;

/// <summary>Corpus-level inputs of the scorers: the languages of the two sides, length-ratio medians, the identifier.</summary>
public sealed record ScoringContext
{
    /// <summary>Language of the first side (pairs: --src; instruction data: --lang or null).</summary>
    public string? FirstLanguage { get; init; }

    /// <summary>Language of the second side (pairs: --tgt).</summary>
    public string? SecondLanguage { get; init; }

    /// <summary>Median log length ratios per source-length bucket, from the first pass over the corpus.</summary>
    public LengthRatioModel LengthRatios { get; init; } = LengthRatioModel.Neutral;

    /// <summary>The language identifier.</summary>
    public LanguageIdentifier LanguageIdentifier { get; init; } = LanguageIdentifier.Default;

    /// <summary>
    /// Language identification applies only to sides with at least this many letters: below that the trigram model
    /// is unreliable on technical strings ("Printer configuration error" scores as Spanish).
    /// </summary>
    public int MinLanguageIdLetters { get; init; } = 40;
}
