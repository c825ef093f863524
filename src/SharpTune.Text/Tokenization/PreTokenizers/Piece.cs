namespace SharpTune.Text.Tokenization.PreTokenizers;

/// <summary>
/// A slice Text[Start..Start+Length] of (normalized) text; AtOrigin when it begins the original input. When offsets
/// are tracked, Align holds the original span of every unit of Text.
/// </summary>
internal readonly record struct Piece(string Text, int Start, int Length, bool AtOrigin, Normalizers.AlignedText? Align = null)
{
    public static Piece Whole(string text, bool atOrigin) => new(text, 0, text.Length, atOrigin);

    /// <summary>A new piece of aligned text (offset tracking).</summary>
    public static Piece Whole(Normalizers.AlignedText text, bool atOrigin) => new(text.Text, 0, text.Text.Length, atOrigin, text);

    /// <summary>This piece's text with its alignment (identity alignment when untracked).</summary>
    public Normalizers.AlignedText Aligned()
    {
        if (Align is null) return Normalizers.AlignedText.Original(ToString(), 0);
        return new Normalizers.AlignedText(ToString(), Align.Start[Start..(Start + Length)], Align.End[Start..(Start + Length)]);
    }

    public ReadOnlySpan<char> Span => Text.AsSpan(Start, Length);

    public override string ToString() => Text.Substring(Start, Length);
}
