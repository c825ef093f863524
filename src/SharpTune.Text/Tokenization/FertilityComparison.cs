using System.Globalization;

namespace SharpTune.Text.Tokenization;

/// <summary>Fertility of two tokenizers on the same text (e.g. before / after vocabulary expansion).</summary>
public sealed record FertilityComparison(FertilityReport Before, FertilityReport After)
{
    /// <summary>After's token count divided by Before's (below 1: After needs fewer tokens).</summary>
    public double TokenRatio => Before.Tokens == 0 ? 0 : (double)After.Tokens / Before.Tokens;

    /// <summary>Both reports plus the change in tokens.</summary>
    public string ToText() =>
        $"{Before.ToText()}\n{After.ToText()}\n" +
        string.Create(CultureInfo.InvariantCulture, $"token ratio after/before: {TokenRatio:F3} ({(TokenRatio - 1) * 100:+0.0;-0.0}%)");
}
