using System.Text;

namespace SharpTune.Text.Metrics;

/// <summary>
/// sacreBLEU's <c>zh</c> tokenizer: every character in its "Chinese" range table becomes its own token, the rest
/// goes through the 13a post-tokenizer. The table is copied with its quirk: sacreBLEU writes the Extension B and
/// Compatibility Supplement bounds as <c>u'\u20000'</c> / <c>u'\u2a6d6'</c>, which Python reads as two-character
/// strings, so the comparison really covers U+2001–U+2A6D (and U+2F81–U+2FA1), including general punctuation,
/// arrows, maths symbols and more; no supplementary-plane character counts as Chinese.
/// </summary>
internal static class TokenizerZh
{
    private static readonly (int Start, int End)[] Ranges =
    [
        (0x3400, 0x4DB5), (0x4E00, 0x9FA5), (0x9FA6, 0x9FBB), (0xF900, 0xFA2D), (0xFA30, 0xFA6A), (0xFA70, 0xFAD9),
        (0x2001, 0x2A6D), // sacreBLEU's '\u20000'..'\u2a6d6' as Python compares it
        (0x2F81, 0x2FA1), // sacreBLEU's '\u2f800'..'\u2fa1d' as Python compares it
        (0xFF00, 0xFFEF), (0x2E80, 0x2EFF), (0x3000, 0x303F), (0x31C0, 0x31EF), (0x2F00, 0x2FDF), (0x2FF0, 0x2FFF),
        (0x3100, 0x312F), (0x31A0, 0x31BF), (0xFE10, 0xFE1F), (0xFE30, 0xFE4F), (0x2600, 0x26FF), (0x2700, 0x27BF),
        (0x3200, 0x32FF), (0x3300, 0x33FF),
    ];

    /// <summary>Whether sacreBLEU's zh tokenizer treats code point <paramref name="cp"/> as a Chinese character.</summary>
    public static bool IsChineseChar(int cp)
    {
        foreach (var (start, end) in Ranges)
        {
            if (cp >= start && cp <= end) return true;
        }
        return false;
    }

    public static string Tokenize(string line)
    {
        line = PyText.Strip(line);
        var sb = new StringBuilder(line.Length * 2);
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (char.IsHighSurrogate(c) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]))
            {
                sb.Append(c).Append(line[i + 1]);
                i++;
            }
            else if (IsChineseChar(c))
            {
                sb.Append(' ').Append(c).Append(' ');
            }
            else
            {
                sb.Append(c);
            }
        }
        return Tokenizer13a.PostTokenize(sb.ToString());
    }
}
