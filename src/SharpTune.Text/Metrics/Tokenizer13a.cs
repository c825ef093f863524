using System.Text;

namespace SharpTune.Text.Metrics;

/// <summary>
/// sacreBLEU's <c>13a</c> tokenizer (mteval-v13a) and its regular-expression post-tokenizer, which the
/// <c>zh</c> tokenizer shares. Each regex pass is written as one left-to-right scan with the same
/// leftmost, non-overlapping match semantics as Python's <c>re.sub</c>.
/// </summary>
internal static class Tokenizer13a
{
    public static string Tokenize(string line)
    {
        line = line.Replace("<skipped>", "", StringComparison.Ordinal)
            .Replace("-\n", "", StringComparison.Ordinal)
            .Replace('\n', ' ');
        if (line.Contains('&', StringComparison.Ordinal))
        {
            line = line.Replace("&quot;", "\"", StringComparison.Ordinal)
                .Replace("&amp;", "&", StringComparison.Ordinal)
                .Replace("&lt;", "<", StringComparison.Ordinal)
                .Replace("&gt;", ">", StringComparison.Ordinal);
        }
        return PostTokenize(" " + line + " ");
    }

    /// <summary>sacreBLEU's <c>TokenizerRegexp</c>: split punctuation and symbols, then single-space the result.</summary>
    public static string PostTokenize(string line)
    {
        var sb = new StringBuilder(line.Length * 2);
        // ([\{-\~\[-\` -\&\(-\+\:-\@\/]) -> ' \1 '
        foreach (char c in line)
        {
            if (IsSplitSymbol(c)) sb.Append(' ').Append(c).Append(' ');
            else sb.Append(c);
        }
        string s = sb.ToString();
        // ([^0-9])([\.,]) -> '\1 \2 '
        s = ReplacePairs(s, static c => !IsDigit(c), IsPeriodOrComma, PairFormat.SpaceAfterBoth);
        // ([\.,])([^0-9]) -> ' \1 \2'
        s = ReplacePairs(s, IsPeriodOrComma, static c => !IsDigit(c), PairFormat.SpaceBeforeBoth);
        // ([0-9])(-) -> '\1 \2 '
        s = ReplacePairs(s, IsDigit, static c => c == '-', PairFormat.SpaceAfterBoth);
        return PyText.NormalizeSpaces(s);
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsPeriodOrComma(char c) => c is '.' or ',';

    private static bool IsSplitSymbol(char c) =>
        c is (>= '{' and <= '~') or (>= '[' and <= '`') or (>= ' ' and <= '&') or (>= '(' and <= '+')
            or (>= ':' and <= '@') or '/';

    internal enum PairFormat
    {
        /// <summary><c>'\1 \2 '</c></summary>
        SpaceAfterBoth,

        /// <summary><c>' \1 \2'</c></summary>
        SpaceBeforeBoth,
    }

    /// <summary>Replaces every non-overlapping (a, b) pair, scanning left to right like <c>re.sub</c>.</summary>
    internal static string ReplacePairs(string s, Func<char, bool> first, Func<char, bool> second, PairFormat format)
    {
        StringBuilder? sb = null;
        int copied = 0;
        for (int i = 0; i + 1 < s.Length; i++)
        {
            if (!first(s[i]) || !second(s[i + 1])) continue;
            sb ??= new StringBuilder(s.Length + 16);
            sb.Append(s, copied, i - copied);
            if (format == PairFormat.SpaceAfterBoth) sb.Append(s[i]).Append(' ').Append(s[i + 1]).Append(' ');
            else sb.Append(' ').Append(s[i]).Append(' ').Append(s[i + 1]);
            i++;
            copied = i + 1;
        }
        if (sb is null) return s;
        sb.Append(s, copied, s.Length - copied);
        return sb.ToString();
    }
}
