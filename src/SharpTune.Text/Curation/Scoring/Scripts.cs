using System.Text;

namespace SharpTune.Text.Curation.Scoring;

/// <summary>Which script a letter belongs to, and which script a language is written in.</summary>
public static class Scripts
{
    /// <summary>Number of <see cref="Script"/> values.</summary>
    public const int Count = (int)Script.Other + 1;

    /// <summary>The script of a letter (callers pass letters only).</summary>
    public static Script Of(Rune r)
    {
        int c = r.Value;
        if (c < 0x250 || (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x2C60 && c <= 0x2C7F) || (c >= 0xA720 && c <= 0xA7FF)
            || (c >= 0xFF21 && c <= 0xFF5A)) return Script.Latin;
        if (c >= 0x0E00 && c <= 0x0E7F) return Script.Thai;
        if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF)
            || (c >= 0x20000 && c <= 0x3134F) || c == 0x3007) return Script.Han;
        if (c >= 0x3040 && c <= 0x30FF) return Script.Kana;
        if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F)) return Script.Hangul;
        if (c >= 0x0400 && c <= 0x052F) return Script.Cyrillic;
        if (c >= 0x0370 && c <= 0x03FF) return Script.Greek;
        if ((c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F)) return Script.Arabic;
        return Script.Other;
    }

    /// <summary>
    /// The main script of a language code (ISO 639-1 or a BCP-47 tag such as zh-CN), or null when unknown, in
    /// which case the script-share score does not apply.
    /// </summary>
    public static Script? ForLanguage(string language)
    {
        string code = language.Split('-', '_')[0].ToLowerInvariant();
        return code switch
        {
            "th" => Script.Thai,
            "zh" or "yue" => Script.Han,
            "ja" => Script.Kana,
            "ko" => Script.Hangul,
            "ru" or "uk" or "bg" or "sr" or "mk" or "be" or "kk" => Script.Cyrillic,
            "el" => Script.Greek,
            "ar" or "fa" or "ur" => Script.Arabic,
            "en" or "es" or "fr" or "de" or "it" or "pt" or "nl" or "ca" or "gl" or "eu" or "sv" or "da" or "nb" or "nn"
                or "no" or "fi" or "et" or "lv" or "lt" or "pl" or "cs" or "sk" or "sl" or "hr" or "bs" or "hu" or "ro"
                or "tr" or "id" or "ms" or "vi" or "af" or "sq" or "is" or "ga" or "cy" or "mt" or "sw" or "tl" or "eo"
                or "la" => Script.Latin,
            _ => null,
        };
    }

    /// <summary>
    /// The share of the letters counted in <paramref name="counts"/> that belong to <paramref name="script"/>; for
    /// Japanese, Han letters count as well. NaN when there are no letters.
    /// </summary>
    public static double Share(ReadOnlySpan<int> counts, Script script)
    {
        int total = 0;
        foreach (int n in counts) total += n;
        if (total == 0) return double.NaN;
        int hit = counts[(int)script] + (script == Script.Kana ? counts[(int)Script.Han] : 0);
        return (double)hit / total;
    }

    /// <summary>
    /// Latin letters of <paramref name="text"/> in words that also occur in <paramref name="other"/> (case-insensitive):
    /// names such as "Firefox" that a Thai or Chinese translation rightly keeps in Latin letters.
    /// </summary>
    public static int CopiedLatinLetters(string text, string other)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(other);
        int copied = 0;
        for (int i = 0; i < text.Length;)
        {
            if (!IsLatinLetter(text[i])) { i++; continue; }
            int start = i;
            while (i < text.Length && IsLatinLetter(text[i])) i++;
            var word = text.AsSpan(start, i - start);
            if (other.AsSpan().IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0) copied += word.Length;
        }
        return copied;
    }

    static bool IsLatinLetter(char c) => c < 0x250 && char.IsLetter(c);
}
