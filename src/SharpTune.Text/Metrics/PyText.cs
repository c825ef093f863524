using System.Text;

namespace SharpTune.Text.Metrics;

/// <summary>
/// Python 3 <c>str</c> semantics the reference metrics rely on: what <c>str.split()</c> treats as whitespace,
/// <c>strip</c>/<c>rstrip</c>, <c>lower()</c>, and iteration by code point (Python indexes code points,
/// .NET indexes UTF-16 units, so supplementary characters must be handled as one unit).
/// </summary>
internal static class PyText
{
    /// <summary>True for the characters Python's <c>str.isspace()</c> accepts (all are in the BMP).</summary>
    public static bool IsSpace(int c) => c switch
    {
        >= 0x09 and <= 0x0D => true,
        >= 0x1C and <= 0x20 => true,
        0x85 or 0xA0 or 0x1680 => true,
        >= 0x2000 and <= 0x200A => true,
        0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    /// <summary>Python <c>str.lower()</c> (simple case mapping; differs only for a handful of special casings such as U+0130).</summary>
    public static string Lower(string s) => s.ToLowerInvariant();

    /// <summary>Python <c>str.rstrip()</c>.</summary>
    public static string RStrip(string s)
    {
        int end = s.Length;
        while (end > 0 && IsSpace(s[end - 1])) end--;
        return end == s.Length ? s : s[..end];
    }

    /// <summary>Python <c>str.strip()</c>.</summary>
    public static string Strip(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsSpace(s[start])) start++;
        while (end > start && IsSpace(s[end - 1])) end--;
        return start == 0 && end == s.Length ? s : s[start..end];
    }

    /// <summary>Python <c>' '.join(s.split())</c>: collapses whitespace runs to one space and trims.</summary>
    public static string NormalizeSpaces(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool pending = false;
        foreach (char c in s)
        {
            if (IsSpace(c))
            {
                pending = sb.Length > 0;
                continue;
            }
            if (pending) sb.Append(' ');
            pending = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Python <c>s.split()</c> as (start, length) ranges of <paramref name="s"/>, appended to <paramref name="into"/>.</summary>
    public static void SplitRanges(ReadOnlySpan<char> s, List<Range> into)
    {
        int i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && IsSpace(s[i])) i++;
            if (i >= s.Length) break;
            int start = i;
            while (i < s.Length && !IsSpace(s[i])) i++;
            into.Add(new Range(start, i));
        }
    }

    /// <summary>Python <c>s.split()</c>.</summary>
    public static List<string> Split(string s)
    {
        var ranges = new List<Range>();
        SplitRanges(s, ranges);
        var result = new List<string>(ranges.Count);
        foreach (var r in ranges) result.Add(s[r]);
        return result;
    }

    /// <summary>The code points of <paramref name="s"/> (a lone surrogate counts as one code point, as in Python).</summary>
    public static int[] CodePoints(ReadOnlySpan<char> s)
    {
        var buffer = new List<int>(s.Length);
        AppendCodePoints(s, buffer);
        return [.. buffer];
    }

    /// <summary>Appends the code points of <paramref name="s"/> to <paramref name="into"/>.</summary>
    public static void AppendCodePoints(ReadOnlySpan<char> s, List<int> into)
    {
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                into.Add(char.ConvertToUtf32(c, s[i + 1]));
                i++;
            }
            else
            {
                into.Add(c);
            }
        }
    }

    /// <summary>Appends one code point to a builder.</summary>
    public static void AppendCodePoint(StringBuilder sb, int cp)
    {
        if (cp < 0x10000) sb.Append((char)cp);
        else sb.Append(char.ConvertFromUtf32(cp));
    }
}
