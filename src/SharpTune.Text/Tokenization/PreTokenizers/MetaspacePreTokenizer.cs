using System.Text.Json;
using SharpTune.Text.Tokenization.Serialization;
using static SharpTune.Text.Tokenization.Serialization.JsonWriting;

namespace SharpTune.Text.Tokenization.PreTokenizers;

/// <summary>`Metaspace`: spaces → replacement (`▁`), prepend per scheme (always / first / never), optional split.</summary>
internal sealed class MetaspacePreTokenizer(char replacement, string prependScheme, bool split) : PreTokenizer
{
    public char Replacement { get; } = replacement;
    public string PrependScheme { get; } = prependScheme;

    public static MetaspacePreTokenizer Read(JsonSource src)
    {
        var rep = src.String("replacement");
        if (rep.Length != 1) throw src.Child("replacement").Error("expected a single character");
        return new MetaspacePreTokenizer(rep[0], ReadScheme(src), src.Bool("split", true));
    }

    internal static string ReadScheme(JsonSource src)
    {
        var scheme = src.OptString("prepend_scheme");
        if (scheme is null) return src.Bool("add_prefix_space", true) ? "always" : "never";
        return scheme is "always" or "first" or "never"
            ? scheme
            : throw src.Child("prepend_scheme").Error($"unknown prepend_scheme '{scheme}' (expected always, first or never)");
    }

    public override void Run(List<Piece> input, List<Piece> output)
    {
        var matches = new List<(int, int)>();
        foreach (var original in input)
        {
            var text = original.ToString().Replace(' ', Replacement);
            bool prepend = PrependScheme == "always" || (PrependScheme == "first" && original.AtOrigin);
            prepend &= text.Length == 0 || text[0] != Replacement;
            Piece piece;
            if (original.Align is null)
            {
                piece = Piece.Whole(prepend ? Replacement + text : text, original.AtOrigin);
            }
            else
            {
                var aligned = original.Aligned() with { Text = text };
                piece = Piece.Whole(prepend ? Normalizers.PrependNormalizer.PrependAligned(aligned, Replacement.ToString()) : aligned, original.AtOrigin);
            }
            if (!split)
            {
                if (piece.Length > 0) output.Add(piece);
                continue;
            }
            matches.Clear();
            for (int i = 0; i < piece.Text.Length; i++) if (piece.Text[i] == Replacement) matches.Add((i, 1));
            Splitter.Apply(piece, matches, SplitBehavior.MergedWithNext, false, output);
        }
    }

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, "Metaspace", x =>
    {
        x.WriteString("replacement", Replacement.ToString());
        x.WriteString("prepend_scheme", PrependScheme);
        x.WriteBoolean("split", split);
    });
}
