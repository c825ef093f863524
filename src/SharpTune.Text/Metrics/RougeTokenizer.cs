using System.Globalization;
using System.Text;

namespace SharpTune.Text.Metrics;

/// <summary>How ROUGE splits text into tokens.</summary>
public enum RougeTokenization
{
    /// <summary>
    /// rouge-score's <c>DefaultTokenizer</c>: lowercase, replace every run of characters outside [a-z0-9] by a space,
    /// split, optionally Porter-stem tokens longer than 3 characters, keep tokens matching ^[a-z0-9]+$. Letters
    /// outside ASCII (accented, Cyrillic, CJK, Thai, …) are removed entirely, so non-English text scores near 0.
    /// </summary>
    Default,

    /// <summary>
    /// Language-aware alternative (not in rouge-score): lowercase, then every code point that is a letter, mark or
    /// number is its own token; whitespace, punctuation and symbols are dropped; no stemming. Use for Chinese,
    /// Japanese, Thai and other text without spaces or outside ASCII. Scores are not comparable with rouge-score's.
    /// </summary>
    Char,
}

/// <summary>Tokenizers for <see cref="RougeScorer"/>.</summary>
public static class RougeTokenizer
{
    /// <summary>Tokenizes <paramref name="text"/> as <see cref="RougeScorer"/> does for the given options.</summary>
    public static List<string> Tokenize(string text, RougeTokenization tokenization = RougeTokenization.Default,
        bool useStemmer = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        return tokenization == RougeTokenization.Char ? CharTokens(text) : DefaultTokens(text, useStemmer);
    }

    private static List<string> DefaultTokens(string text, bool useStemmer)
    {
        string lower = PyText.Lower(text);
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (char c in lower)
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                current.Append(c);
                continue;
            }
            Flush(current, tokens, useStemmer);
        }
        Flush(current, tokens, useStemmer);
        return tokens;
    }

    private static void Flush(StringBuilder current, List<string> tokens, bool useStemmer)
    {
        if (current.Length == 0) return;
        string token = current.ToString();
        current.Clear();
        if (useStemmer && token.Length > 3) token = PorterStemmer.Stem(token);
        // rouge-score keeps only tokens matching ^[a-z0-9]+$ (after stemming).
        if (token.Length > 0 && token.All(static c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))) tokens.Add(token);
    }

    private static List<string> CharTokens(string text)
    {
        var tokens = new List<string>();
        foreach (var rune in PyText.Lower(text).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            bool keep = category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
            if (keep) tokens.Add(rune.ToString());
        }
        return tokens;
    }
}
