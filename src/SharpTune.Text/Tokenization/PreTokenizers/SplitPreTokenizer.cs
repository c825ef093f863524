using System.Text.Json;
using SharpTune.Text.Tokenization.Serialization;
using static SharpTune.Text.Tokenization.Serialization.JsonWriting;

namespace SharpTune.Text.Tokenization.PreTokenizers;

/// <summary>`Split`: splits on a string or regex pattern with a delimiter behavior, optionally inverted.</summary>
internal sealed class SplitPreTokenizer(Pattern pattern, SplitBehavior behavior, bool invert) : PreTokenizer
{
    public Pattern Pattern { get; } = pattern;

    public static SplitPreTokenizer Read(JsonSource src) => new(
        Pattern.Read(src.Required("pattern")),
        Splitter.Parse(src.String("behavior"), m => src.Child("behavior").Error(m)),
        src.Bool("invert", false));

    public override void Run(List<Piece> input, List<Piece> output) =>
        SplitAll(input, output, behavior, invert, (p, m) => Pattern.FindMatches(p.Text, p.Start, p.Length, m));

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, "Split", x =>
    {
        x.WritePropertyName("pattern");
        Pattern.Write(x);
        x.WriteString("behavior", behavior.ToString());
        x.WriteBoolean("invert", invert);
    });
}
