namespace SharpTune.Text.Tokenization.PreTokenizers;

/// <summary>A slice Text[Start..Start+Length] of (normalized) text; AtOrigin when it begins the original input.</summary>
internal readonly record struct Piece(string Text, int Start, int Length, bool AtOrigin)
{
    public static Piece Whole(string text, bool atOrigin) => new(text, 0, text.Length, atOrigin);

    public ReadOnlySpan<char> Span => Text.AsSpan(Start, Length);

    public override string ToString() => Text.Substring(Start, Length);
}
