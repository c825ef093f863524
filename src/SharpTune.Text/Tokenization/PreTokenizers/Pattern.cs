using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SharpTune.Text.Tokenization.Serialization;

namespace SharpTune.Text.Tokenization.PreTokenizers;

/// <summary>
/// A `{"String": …}` or `{"Regex": …}` pattern of tokenizer.json, matched with Rust `onig` semantics.
/// .NET regexes see UTF-16 code units, so `\p{L}` misses astral letters and an emoji splits in two; text with
/// surrogate pairs is therefore matched on a copy where each pair is replaced by one BMP character of the same
/// Unicode category, and match positions are mapped back.
/// </summary>
internal sealed class Pattern
{
    private static readonly char[] Representatives = BuildRepresentatives();
    private static readonly SearchValues<char> Surrogates = SearchValues.Create(Enumerable.Range(0xD800, 0x800).Select(i => (char)i).ToArray());
    private readonly Regex? _regex;

    private Pattern(string? literal, string? regex, Regex? compiled)
    {
        Literal = literal;
        RegexText = regex;
        _regex = compiled;
    }

    public string? Literal { get; }
    public string? RegexText { get; }

    public static Pattern FromLiteral(string s) => new(s, null, null);

    public static Pattern FromRegex(string pattern, Func<string, Exception> error)
    {
        try
        {
            return new Pattern(null, pattern, new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled));
        }
        catch (ArgumentException e)
        {
            throw error($"invalid regular expression: {e.Message}");
        }
    }

    public static Pattern Read(JsonSource src)
    {
        var lit = src.OptString("String");
        if (lit is not null) return FromLiteral(lit);
        var re = src.OptString("Regex");
        if (re is not null) return FromRegex(re, m => src.Child("Regex").Error(m));
        throw src.Error("expected {\"String\": …} or {\"Regex\": …}");
    }

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        if (Literal is not null) w.WriteString("String", Literal);
        else w.WriteString("Regex", RegexText);
        w.WriteEndObject();
    }

    /// <summary>Appends (start, length) of every non-overlapping match inside s[start..start+length].</summary>
    public void FindMatches(string s, int start, int length, List<(int Start, int Length)> output)
    {
        var span = s.AsSpan(start, length);
        if (Literal is not null)
        {
            if (Literal.Length == 0) return;
            int pos = 0;
            while (pos <= span.Length - Literal.Length)
            {
                int i = span[pos..].IndexOf(Literal, StringComparison.Ordinal);
                if (i < 0) break;
                output.Add((start + pos + i, Literal.Length));
                pos += i + Literal.Length;
            }
            return;
        }
        if (span.IndexOfAny(Surrogates) < 0)
        {
            foreach (var m in _regex!.EnumerateMatches(span))
            {
                if (m.Length > 0) output.Add((start + m.Index, m.Length));
            }
            return;
        }
        MatchWithAstral(span, start, output);
    }

    /// <summary>Replaces every match by literal <paramref name="content"/>.</summary>
    public string Replace(string text, string content)
    {
        if (Literal is { Length: > 0 }) return text.Replace(Literal, content, StringComparison.Ordinal);
        var matches = new List<(int Start, int Length)>();
        FindMatches(text, 0, text.Length, matches);
        if (matches.Count == 0) return text;
        var sb = new System.Text.StringBuilder(text.Length);
        int prev = 0;
        foreach (var (s, len) in matches)
        {
            sb.Append(text, prev, s - prev).Append(content);
            prev = s + len;
        }
        return sb.Append(text, prev, text.Length - prev).ToString();
    }

    private void MatchWithAstral(ReadOnlySpan<char> span, int offset, List<(int Start, int Length)> output)
    {
        var mapped = ArrayPool<char>.Shared.Rent(span.Length);
        var origin = ArrayPool<int>.Shared.Rent(span.Length + 1);
        try
        {
            int n = 0;
            for (int i = 0; i < span.Length; i++)
            {
                origin[n] = i;
                if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
                {
                    int cp = char.ConvertToUtf32(span[i], span[i + 1]);
                    mapped[n++] = Representatives[(int)CharUnicodeInfo.GetUnicodeCategory(cp)];
                    i++;
                }
                else
                {
                    mapped[n++] = span[i];
                }
            }
            origin[n] = span.Length;
            foreach (var m in _regex!.EnumerateMatches(mapped.AsSpan(0, n)))
            {
                if (m.Length == 0) continue;
                int a = origin[m.Index], b = origin[m.Index + m.Length];
                output.Add((offset + a, b - a));
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(mapped);
            ArrayPool<int>.Shared.Return(origin);
        }
    }

    /// <summary>One BMP character per Unicode category, taken from the top of the BMP (far from pattern literals).</summary>
    private static char[] BuildRepresentatives()
    {
        var reps = new char[32];
        var found = new bool[32];
        for (int c = 0xFFFD; c >= 0x100; c--)
        {
            if (c is >= 0xD800 and <= 0xDFFF) continue;
            int cat = (int)CharUnicodeInfo.GetUnicodeCategory((char)c);
            if (found[cat]) continue;
            if (cat is (int)UnicodeCategory.UppercaseLetter or (int)UnicodeCategory.LowercaseLetter
                && char.ToUpperInvariant((char)c) == char.ToLowerInvariant((char)c)) continue;
            reps[cat] = (char)c;
            found[cat] = true;
        }
        for (int i = 0; i < reps.Length; i++)
        {
            if (!found[i]) reps[i] = '\uFFFD';
        }
        return reps;
    }
}
