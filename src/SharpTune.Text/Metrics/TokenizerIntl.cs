using System.Globalization;
using System.Text;

namespace SharpTune.Text.Metrics;

/// <summary>
/// sacreBLEU's <c>intl</c> tokenizer (mteval-v14 international): on code points,
/// <c>(\P{N})(\p{P})</c> → <c>'\1 \2 '</c>, then <c>(\p{P})(\P{N})</c> → <c>' \1 \2'</c>, then <c>(\p{S})</c> → <c>' \1 '</c>,
/// then single spaces. Categories come from .NET's Unicode tables (<see cref="CharUnicodeInfo"/>), which may be
/// a different Unicode version than Python's <c>regex</c> module for very new characters.
/// </summary>
internal static class TokenizerIntl
{
    public static string Tokenize(string line)
    {
        var cps = PyText.CodePoints(line);
        cps = ReplacePairs(cps, static c => !IsNumber(c), IsPunctuation, spaceBefore: false);
        cps = ReplacePairs(cps, IsPunctuation, static c => !IsNumber(c), spaceBefore: true);
        var sb = new StringBuilder(cps.Length * 2);
        foreach (int cp in cps)
        {
            if (IsSymbol(cp))
            {
                sb.Append(' ');
                PyText.AppendCodePoint(sb, cp);
                sb.Append(' ');
            }
            else
            {
                PyText.AppendCodePoint(sb, cp);
            }
        }
        return PyText.NormalizeSpaces(sb.ToString());
    }

    private static UnicodeCategory Category(int cp) =>
        cp is >= 0xD800 and <= 0xDFFF ? UnicodeCategory.Surrogate : CharUnicodeInfo.GetUnicodeCategory(cp);

    internal static bool IsNumber(int cp) => Category(cp) is UnicodeCategory.DecimalDigitNumber
        or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    internal static bool IsPunctuation(int cp) => Category(cp) is UnicodeCategory.ConnectorPunctuation
        or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
        or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
        or UnicodeCategory.OtherPunctuation;

    internal static bool IsSymbol(int cp) => Category(cp) is UnicodeCategory.MathSymbol
        or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol;

    private static int[] ReplacePairs(int[] s, Func<int, bool> first, Func<int, bool> second, bool spaceBefore)
    {
        var output = new List<int>(s.Length + 8);
        int i = 0;
        for (; i + 1 < s.Length; i++)
        {
            if (first(s[i]) && second(s[i + 1]))
            {
                if (spaceBefore) output.AddRange([' ', s[i], ' ', s[i + 1]]);
                else output.AddRange([s[i], ' ', s[i + 1], ' ']);
                i++;
            }
            else
            {
                output.Add(s[i]);
            }
        }
        for (; i < s.Length; i++) output.Add(s[i]);
        return [.. output];
    }
}
