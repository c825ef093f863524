namespace SharpTune.Text.Tokenization.Normalizers;

/// <summary>
/// Text plus, for each UTF-16 unit, the original [Start, End) it came from (Rust `NormalizedString` alignments),
/// used only when offsets are requested.
/// </summary>
internal sealed record AlignedText(string Text, int[] Start, int[] End)
{
    /// <summary>Unnormalized text at <paramref name="offset"/> in the input; a surrogate pair maps to both units.</summary>
    public static AlignedText Original(string text, int offset)
    {
        var start = new int[text.Length];
        var end = new int[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            int len = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            for (int k = 0; k < len; k++) (start[i + k], end[i + k]) = (offset + i, offset + i + len);
            i += len - 1;
        }
        return new AlignedText(text, start, end);
    }

    /// <summary>Builds text + alignments incrementally.</summary>
    internal sealed class Builder(int capacity)
    {
        private readonly System.Text.StringBuilder _text = new(capacity);
        private readonly List<int> _start = new(capacity);
        private readonly List<int> _end = new(capacity);

        public void Append(string s, int start, int end)
        {
            _text.Append(s);
            for (int i = 0; i < s.Length; i++)
            {
                _start.Add(start);
                _end.Add(end);
            }
        }

        public void Append(AlignedText source, int index, int length)
        {
            _text.Append(source.Text, index, length);
            _start.AddRange(source.Start.AsSpan(index, length));
            _end.AddRange(source.End.AsSpan(index, length));
        }

        public AlignedText Build() => new(_text.ToString(), _start.ToArray(), _end.ToArray());
    }
}
