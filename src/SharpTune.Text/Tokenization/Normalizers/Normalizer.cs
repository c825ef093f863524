using System.Text.Json;

namespace SharpTune.Text.Tokenization.Normalizers;

/// <summary>Rewrites a piece of input text before pre-tokenization (Rust `Normalizer`).</summary>
internal abstract class Normalizer
{
    public abstract string Normalize(string text);

    public abstract void Write(Utf8JsonWriter w);

    /// <summary>
    /// Normalizes and tracks where each output unit came from, like Rust's `transform`: output of a character
    /// (or of a starter with its combining marks, when they compose) is aligned to that character; a composed
    /// character keeps only its starter's span, as Rust's unicode_normalization_alignments does.
    /// </summary>
    public virtual AlignedText NormalizeAligned(AlignedText text)
    {
        var whole = Normalize(text.Text);
        if (whole == text.Text) return text;
        var b = new AlignedText.Builder(whole.Length);
        int i = 0;
        while (i < text.Text.Length)
        {
            int j = i + CodePointLength(text.Text, i);
            while (j < text.Text.Length && UnicodeNormalization.Ccc(CodePointAt(text.Text, j)) != 0) j += CodePointLength(text.Text, j);
            AppendGroup(b, text, i, j, Normalize(text.Text[i..j]));
            i = j;
        }
        var result = b.Build();
        return result.Text == whole ? result : new AlignedText(whole, Fill(whole.Length, text.Start[0]), Fill(whole.Length, text.End[^1]));
    }

    /// <summary>
    /// Output of input units [from, to): the first output char takes the group's first char; each later one the
    /// same code point further on in the input, else the next input char not yet used, else the previous span.
    /// </summary>
    private static void AppendGroup(AlignedText.Builder b, AlignedText text, int from, int to, string output)
    {
        int search = from + CodePointLength(text.Text, from), prevStart = text.Start[from], prevEnd = text.End[from];
        for (int k = 0; k < output.Length; k += CodePointLength(output, k))
        {
            var cp = output.Substring(k, CodePointLength(output, k));
            if (k > 0 && search < to)
            {
                int found = text.Text.IndexOf(cp, search, to - search, StringComparison.Ordinal);
                int at = found >= 0 ? found : search;
                (prevStart, prevEnd) = (text.Start[at], text.End[at]);
                search = at + CodePointLength(text.Text, at);
            }
            b.Append(cp, prevStart, prevEnd);
        }
    }

    private static int[] Fill(int n, int v)
    {
        var a = new int[n];
        Array.Fill(a, v);
        return a;
    }

    private static int CodePointAt(string s, int i) => CodePointLength(s, i) == 2 ? char.ConvertToUtf32(s[i], s[i + 1]) : s[i];

    protected static int CodePointLength(string s, int i) =>
        char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
}
