using System.Globalization;
using System.Text.Json;
using static SharpTune.Text.Tokenization.Serialization.JsonWriting;

namespace SharpTune.Text.Tokenization.PreTokenizers;

/// <summary>`Digits`: numeric characters become their own pieces (each alone, or runs when not individual).</summary>
internal sealed class DigitsPreTokenizer(bool individualDigits) : PreTokenizer
{
    public override void Run(List<Piece> input, List<Piece> output) =>
        SplitAll(input, output, individualDigits ? SplitBehavior.Isolated : SplitBehavior.Contiguous, false,
            (p, m) => MatchCodePoints(p, m, IsNumeric));

    internal static bool IsNumeric(int cp) => CharUnicodeInfo.GetUnicodeCategory(cp) is
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, "Digits", x => x.WriteBoolean("individual_digits", individualDigits));
}
