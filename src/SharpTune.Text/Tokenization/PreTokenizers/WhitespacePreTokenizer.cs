using System.Text.Json;
using static SharpTune.Text.Tokenization.Serialization.JsonWriting;

namespace SharpTune.Text.Tokenization.PreTokenizers;

/// <summary>`Whitespace` (keeps `\w+|[^\w\s]+`) and `WhitespaceSplit` (drops whitespace).</summary>
internal sealed class WhitespacePreTokenizer(bool splitOnly) : PreTokenizer
{
    private static readonly Pattern Words = Pattern.FromRegex(@"\w+|[^\w\s]+", m => new InvalidOperationException(m));

    public override void Run(List<Piece> input, List<Piece> output)
    {
        if (splitOnly) SplitAll(input, output, SplitBehavior.Removed, false, (p, m) => MatchCodePoints(p, m, IsWhitespace));
        else SplitAll(input, output, SplitBehavior.Removed, true, (p, m) => Words.FindMatches(p.Text, p.Start, p.Length, m));
    }

    internal static bool IsWhitespace(int cp) => cp < 0x10000 && char.IsWhiteSpace((char)cp);

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, splitOnly ? "WhitespaceSplit" : "Whitespace");
}
