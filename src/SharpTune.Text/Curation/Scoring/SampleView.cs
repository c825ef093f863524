namespace SharpTune.Text.Curation.Scoring;

/// <summary>
/// What a scorer sees: the two analysed sides of a sample (source and target of a translation pair, or instruction
/// and response of an instruction sample) and the corpus-level context.
/// </summary>
public sealed class SampleView
{
    private Dictionary<string, double>? _cache;

    /// <summary>Creates a view of one sample.</summary>
    public SampleView(TextSide first, TextSide second, ScoringContext context)
    {
        First = first;
        Second = second;
        Context = context;
    }

    /// <summary>Source side (pairs) or instruction with its input (instruction data).</summary>
    public TextSide First { get; }

    /// <summary>Target side (pairs) or response (instruction data).</summary>
    public TextSide Second { get; }

    /// <summary>Languages, corpus statistics, the language identifier.</summary>
    public ScoringContext Context { get; }

    /// <summary>What the language model measured on this sample (<see cref="ModelLosses.None"/> without a model).</summary>
    public ModelLosses Losses { get; init; } = ModelLosses.None;

    /// <summary>Language-identifier probability of a side, computed once per side and language.</summary>
    public double LanguageProbability(bool first, string? language)
    {
        // Where the script names the language (th, zh, …) the script share decides; trigrams would only weigh the
        // Latin product names of a mixed string against it.
        if (language is null || Scripts.ForLanguage(language) is { } script && script != Script.Latin) return double.NaN;
        var side = first ? First : Second;
        if (side.Letters < Context.MinLanguageIdLetters) return double.NaN;
        _cache ??= new Dictionary<string, double>(StringComparer.Ordinal);
        string key = (first ? "1:" : "2:") + language;
        if (!_cache.TryGetValue(key, out double p)) _cache[key] = p = Context.LanguageIdentifier.Probability(side.Text, language);
        return p;
    }
}
