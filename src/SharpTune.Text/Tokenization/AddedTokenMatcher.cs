using System.Buffers;
using System.Globalization;

namespace SharpTune.Text.Tokenization;

/// <summary>
/// Finds added tokens in text with the leftmost-longest semantics of Rust's Aho-Corasick matcher (a trie walked
/// from each candidate start), then applies single_word / lstrip / rstrip exactly like
/// `AddedVocabulary::find_matches`.
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly TrieNode _root = new();
    private readonly SearchValues<char> _firstChars;

    private sealed class TrieNode
    {
        public Dictionary<char, TrieNode>? Children;
        public (string Pattern, AddedToken Token)? Terminal;
    }

    public AddedTokenMatcher(IEnumerable<(string Pattern, AddedToken Token)> tokens)
    {
        foreach (var (pattern, token) in tokens)
        {
            if (pattern.Length == 0) continue;
            var node = _root;
            foreach (char c in pattern)
            {
                node.Children ??= [];
                if (!node.Children.TryGetValue(c, out var next)) node.Children[c] = next = new TrieNode();
                node = next;
            }
            node.Terminal = (pattern, token);
        }
        _firstChars = SearchValues.Create(_root.Children?.Keys.ToArray() ?? []);
    }

    public bool IsEmpty => _root.Children is null;

    /// <summary>Appends (start, end, token-or-null) segments covering <paramref name="text"/>.</summary>
    public void Split(string text, List<(int Start, int End, AddedToken? Token)> output)
    {
        int startOffset = 0, pos = 0;
        while (pos < text.Length)
        {
            int i = text.AsSpan(pos).IndexOfAny(_firstChars);
            if (i < 0) break;
            pos += i;
            var match = LongestAt(text, pos);
            if (match is null)
            {
                pos++;
                continue;
            }
            var (pattern, token) = match.Value;
            int start = pos, stop = pos + pattern.Length;
            pos = stop;
            if (token.SingleWord)
            {
                bool startSpace = start == 0 || !IsWordChar(text, start - 1, before: true);
                bool stopSpace = stop == text.Length || !IsWordChar(text, stop, before: false);
                if (!startSpace || !stopSpace) continue;
            }
            if (token.LStrip)
            {
                int s = start;
                while (s > 0 && char.IsWhiteSpace(text[s - 1])) s--;
                start = Math.Max(s, startOffset);
            }
            if (token.RStrip)
            {
                while (stop < text.Length && char.IsWhiteSpace(text[stop])) stop++;
                pos = stop;
            }
            if (startOffset < start) output.Add((startOffset, start, null));
            output.Add((start, stop, token));
            startOffset = stop;
        }
        if (startOffset < text.Length) output.Add((startOffset, text.Length, null));
    }

    private (string, AddedToken)? LongestAt(string text, int pos)
    {
        (string, AddedToken)? best = null;
        var node = _root;
        for (int i = pos; i < text.Length && node.Children is not null && node.Children.TryGetValue(text[i], out var next); i++)
        {
            node = next;
            if (node.Terminal is { } t) best = t;
        }
        return best;
    }

    /// <summary>Regex `\w` on the code point just before / at an index.</summary>
    private static bool IsWordChar(string text, int index, bool before)
    {
        int cp;
        if (before && index > 0 && char.IsLowSurrogate(text[index]) && char.IsHighSurrogate(text[index - 1]))
            cp = char.ConvertToUtf32(text[index - 1], text[index]);
        else if (!before && index + 1 < text.Length && char.IsSurrogatePair(text[index], text[index + 1]))
            cp = char.ConvertToUtf32(text[index], text[index + 1]);
        else
            cp = text[index];
        // Rust regex \w: Alphabetic (letters, Nl, Other_Alphabetic such as circled letters) + marks + Nd + Pc + joiners.
        if (cp is 0x200C or 0x200D or (>= 0x24B6 and <= 0x24E9) or (>= 0x1F130 and <= 0x1F149) or (>= 0x1F150 and <= 0x1F169)
            or (>= 0x1F170 and <= 0x1F189)) return true;
        var cat = CharUnicodeInfo.GetUnicodeCategory(cp);
        return cat is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.LetterNumber or UnicodeCategory.ConnectorPunctuation;
    }
}
