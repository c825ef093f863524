using System.Text;

namespace SharpTune.Text.Curation.Scoring;

/// <summary>
/// Everything the scorers need to know about one side of a sample, computed in one pass over the text: lengths,
/// letters per script, placeholders, numbers, tags, URLs, escapes, accelerators, encoding damage, repetition and the
/// normalised key used for copy and duplicate detection.
/// </summary>
public sealed class TextSide
{
    private static readonly string[] NoItems = [];

    private TextSide(string text) => Text = text;

    /// <summary>The original text.</summary>
    public string Text { get; }

    /// <summary>Characters (UTF-16 code units outside surrogate pairs count once) excluding surrounding white space.</summary>
    public int Chars { get; private set; }

    /// <summary>White-space separated words.</summary>
    public int Words { get; private set; }

    /// <summary>Letters (Unicode L*), the basis of the script shares.</summary>
    public int Letters { get; private set; }

    /// <summary>Letter counts per <see cref="Script"/>.</summary>
    public int[] ScriptCounts { get; } = new int[Scripts.Count];

    /// <summary>Canonical placeholders, sorted (a multiset).</summary>
    public string[] Placeholders { get; private set; } = NoItems;

    /// <summary>Numbers as their non-zero digits (OpusFilter's non-zero numerals), sorted, placeholders excluded.</summary>
    public string[] Numbers { get; private set; } = NoItems;

    /// <summary>The value of each number of <see cref="Numbers"/> (all its digits, separators dropped; −1 past 18 digits).</summary>
    public long[] NumberValues { get; private set; } = [];

    /// <summary>Markup tags as &lt;name&gt; / &lt;/name&gt;, sorted.</summary>
    public string[] Tags { get; private set; } = NoItems;

    /// <summary>URLs and e-mail addresses, sorted.</summary>
    public string[] Urls { get; private set; } = NoItems;

    /// <summary>Escaped and literal line breaks and tabs (\n, \t).</summary>
    public int Escapes { get; private set; }

    /// <summary>Accelerator markers (&amp;File, _File, ~File).</summary>
    public int Accelerators { get; private set; }

    /// <summary>Encoding damage: U+FFFD, control characters, mojibake sequences (Ã©, Â , â€).</summary>
    public int BadCharacters { get; private set; }

    /// <summary>Extra copies of the most repeated unit of 3–100 characters (0 when nothing repeats 3 times).</summary>
    public int RepeatedCopies { get; private set; }

    /// <summary>The final punctuation mark, normalised across scripts ('.', '!', '?', ':', ';', '…'), or '\0'.</summary>
    public char TerminalPunctuation { get; private set; }

    /// <summary>Case-folded letters and digits, placeholders, tags and accelerators removed: copy and duplicate key.</summary>
    public string Key { get; private set; } = "";

    /// <summary>Analyses <paramref name="text"/>.</summary>
    public static TextSide Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var side = new TextSide(text);
        string plain = text;
        if (text.AsSpan().IndexOfAny(TextPatterns.PlaceholderStart) >= 0)
        {
            side.Placeholders = Collect(TextPatterns.Placeholder().Matches(text), m => TextPatterns.Canonical(m.Value));
            side.Tags = Collect(TextPatterns.Tag().Matches(text), m => (m.Value[1] == '/' ? "</" : "<") + m.Groups[1].Value.ToLowerInvariant() + ">");
            plain = TextPatterns.Tag().Replace(TextPatterns.Placeholder().Replace(text, " "), " ");
        }
        if (text.Contains("://", StringComparison.Ordinal) || text.Contains("www.", StringComparison.Ordinal) || text.Contains('@', StringComparison.Ordinal))
        {
            side.Urls = Collect(TextPatterns.Url().Matches(text), m => m.Value.TrimEnd('.', ',', ';', ':', ')', '!', '?'));
            plain = TextPatterns.Url().Replace(plain, " ");
        }
        side.ScanCharacters(plain);
        side.RepeatedCopies = Repetition.ExtraCopies(text);
        return side;
    }

    static string[] Collect(System.Text.RegularExpressions.MatchCollection matches, Func<System.Text.RegularExpressions.Match, string> map)
    {
        if (matches.Count == 0) return NoItems;
        var items = new string[matches.Count];
        for (int i = 0; i < items.Length; i++) items[i] = map(matches[i]);
        Array.Sort(items, StringComparer.Ordinal);
        return items;
    }

    void ScanCharacters(string plain)
    {
        string text = Text;
        var trimmed = text.AsSpan().Trim();
        Chars = trimmed.Length;
        bool inWord = false;
        foreach (char c in trimmed)
        {
            bool space = char.IsWhiteSpace(c);
            if (!space && !inWord) Words++;
            inWord = !space;
        }

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\uFFFD' || (char.IsControl(c) && c != '\n' && c != '\t' && c != '\r')) BadCharacters++;
            else if ((c == 'Ã' || c == 'Â') && i + 1 < text.Length && text[i + 1] >= '\u0080' && text[i + 1] <= '\u00BF') BadCharacters++;
            else if (c == 'â' && i + 1 < text.Length && text[i + 1] == '€') BadCharacters++;
            if (c == '\n' || c == '\t') Escapes++;
            else if (c == '\\' && i + 1 < text.Length && (text[i + 1] == 'n' || text[i + 1] == 't')) Escapes++;
            else if ((c == '&' || c == '_' || c == '~') && i + 1 < text.Length && char.IsLetter(text[i + 1])
                     && (i == 0 || !char.IsLetterOrDigit(text[i - 1]) || c == '&') && !IsEntity(text, i)) Accelerators++;
        }

        var key = new StringBuilder(plain.Length);
        var numbers = new List<(string Key, long Value)>();
        var digits = new StringBuilder();
        long value = 0;
        int length = 0, group = 0;
        for (int i = 0; i < plain.Length; i++)
        {
            if (Rune.DecodeFromUtf16(plain.AsSpan(i), out var rune, out int used) != System.Buffers.OperationStatus.Done) continue;
            if (Rune.IsLetter(rune) || IsThaiMark(rune))
            {
                Letters++;
                ScriptCounts[(int)Scripts.Of(rune)]++;
                if (used == 1) key.Append(char.ToLowerInvariant(plain[i]));
                else key.Append(plain, i, used);
            }
            else if (Rune.IsDigit(rune))
            {
                int d = (int)Rune.GetNumericValue(rune);
                key.Append((char)('0' + d));
                if (d != 0) digits.Append((char)('0' + d));
                value = ++length > 18 ? -1 : value * 10 + d;
                group++;
            }
            else if (length > 0 && (IsNumberSeparator(plain, i) || IsThousandsSpace(plain, i, group))) group = 0;
            else if (length > 0)
            {
                if (digits.Length > 0) numbers.Add((digits.ToString(), value));
                digits.Clear();
                (value, length, group) = (0, 0, 0);
            }
            i += used - 1;
        }
        if (digits.Length > 0) numbers.Add((digits.ToString(), value));
        numbers.Sort((x, y) => string.CompareOrdinal(x.Key, y.Key));
        Numbers = numbers.Count == 0 ? NoItems : [.. numbers.Select(n => n.Key)];
        NumberValues = numbers.Count == 0 ? [] : [.. numbers.Select(n => n.Value)];
        Key = key.ToString();
        TerminalPunctuation = Terminal(trimmed);
    }

    // Thai vowel and tone marks are combining marks, not letters, in Unicode; they are counted with the letters they sit on.
    static bool IsThaiMark(Rune r) => r.Value is >= 0x0E31 and <= 0x0E4E && Rune.GetUnicodeCategory(r) == System.Globalization.UnicodeCategory.NonSpacingMark;

    static bool IsEntity(string text, int i) => text[i] == '&' && text.AsSpan(i).IndexOf(';') is > 1 and var end and < 42
        && text.AsSpan(i + 1, end - 1).IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") < 0;

    // A '.', ',', apostrophe or (narrow) no-break space between two digits belongs to the number (1.000 / 1,000 / 1 000).
    static bool IsNumberSeparator(string s, int i) =>
        s[i] is '.' or ',' or '\'' or '\u00A0' or '\u202F' && i + 1 < s.Length && char.IsDigit(s[i + 1]);

    // A plain space after a group of 1–3 digits and before exactly three digits groups thousands (1 000, 12 345 678).
    static bool IsThousandsSpace(string s, int i, int group) =>
        s[i] == ' ' && group is >= 1 and <= 3 && i + 3 < s.Length && char.IsDigit(s[i + 1]) && char.IsDigit(s[i + 2]) && char.IsDigit(s[i + 3])
        && (i + 4 == s.Length || !char.IsDigit(s[i + 4]));

    static char Terminal(ReadOnlySpan<char> s)
    {
        if (s.Length == 0) return '\0';
        if (s.EndsWith("...")) return '…';
        return s[^1] switch
        {
            '.' or '。' or '．' => '.',
            '!' or '！' => '!',
            '?' or '？' => '?',
            ':' or '：' => ':',
            ';' or '；' => ';',
            '…' => '…',
            _ => '\0',
        };
    }
}
