namespace SharpTune.Text.Metrics;

/// <summary>
/// A rule-based sentence splitter standing in for NLTK's Punkt (used by rouge-score when
/// <c>split_summaries=True</c>): a sentence ends after '.', '!' or '?' (plus closing quotes/brackets) followed by
/// whitespace, unless the word before the period is a single letter or a common abbreviation (Mr., Dr., e.g., …).
/// Also splits on newlines. Punkt's learned abbreviation list is larger, so rare cases differ.
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "corp",
        "no", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s",
    };

    /// <summary>Splits <paramref name="text"/> into trimmed, non-empty sentences.</summary>
    public static List<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n')
            {
                Add(text[start..i], sentences);
                start = i + 1;
                continue;
            }
            if (c is not ('.' or '!' or '?')) continue;
            int end = i + 1;
            while (end < text.Length && text[end] is '.' or '!' or '?' or '"' or '\'' or ')' or ']' or '\u201D' or '\u2019') end++;
            if (end < text.Length && !PyText.IsSpace(text[end])) continue;
            if (c == '.' && IsAbbreviation(text, start, i)) continue;
            Add(text[start..end], sentences);
            start = end;
            i = end - 1;
        }
        Add(text[start..], sentences);
        return sentences;
    }

    private static bool IsAbbreviation(string text, int sentenceStart, int period)
    {
        int w = period;
        while (w > sentenceStart && !PyText.IsSpace(text[w - 1])) w--;
        string word = text[w..period].TrimStart('(', '"', '\'');
        return (word.Length == 1 && char.IsLetter(word[0])) || Abbreviations.Contains(word);
    }

    private static void Add(string sentence, List<string> into)
    {
        sentence = PyText.Strip(sentence);
        if (sentence.Length > 0) into.Add(sentence);
    }
}
