using System.Text.Json;
using SharpTune.Text.Tokenization.Serialization;
using static SharpTune.Text.Tokenization.Serialization.JsonWriting;

namespace SharpTune.Text.Tokenization.PreTokenizers;

/// <summary>
/// `ByteLevel`: optional prefix space, optional GPT-2 regex split, then bytes → alphabet chars. When it is the
/// last step the mapping is deferred to the model input (<see cref="DeferMapping"/>), saving a string per word.
/// </summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool trimOffsets, bool useRegex) : PreTokenizer
{
    internal const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";
    private static readonly Pattern Gpt2 = Pattern.FromRegex(Gpt2Pattern, m => new InvalidOperationException(m));

    public bool AddPrefixSpace { get; } = addPrefixSpace;
    public bool TrimOffsets { get; } = trimOffsets;
    public bool UseRegex { get; } = useRegex;

    /// <summary>Set by the pipeline when the model maps bytes itself.</summary>
    public bool DeferMapping { get; set; }

    public override bool EndsWithByteLevel => true;

    public static ByteLevelPreTokenizer Read(JsonSource src) =>
        new(src.Bool("add_prefix_space", true), src.Bool("trim_offsets", true), src.Bool("use_regex", true));

    public override void Run(List<Piece> input, List<Piece> output)
    {
        var matches = new List<(int, int)>();
        int first = output.Count;
        foreach (var original in input)
        {
            var piece = original;
            if (AddPrefixSpace && (piece.Length == 0 || piece.Text[piece.Start] != ' '))
            {
                piece = piece.Align is null
                    ? Piece.Whole(" " + piece.ToString(), piece.AtOrigin)
                    : Piece.Whole(Normalizers.PrependNormalizer.PrependAligned(piece.Aligned(), " "), piece.AtOrigin);
            }
            if (!UseRegex)
            {
                if (piece.Length > 0) output.Add(piece);
                continue;
            }
            matches.Clear();
            Gpt2.FindMatches(piece.Text, piece.Start, piece.Length, matches);
            Splitter.Apply(piece, matches, SplitBehavior.Isolated, false, output);
        }
        if (DeferMapping) return;
        for (int i = first; i < output.Count; i++)
        {
            output[i] = output[i].Align is null
                ? Piece.Whole(ByteLevelAlphabet.Map(output[i].Span), output[i].AtOrigin)
                : Piece.Whole(ByteLevelAlphabet.MapAligned(output[i].Aligned()), output[i].AtOrigin);
        }
    }

    public override void Write(Utf8JsonWriter w) => WriteJson(w, AddPrefixSpace, TrimOffsets, UseRegex);

    internal static void WriteJson(Utf8JsonWriter w, bool addPrefixSpace, bool trimOffsets, bool useRegex) => WriteTyped(w, "ByteLevel", x =>
    {
        x.WriteBoolean("add_prefix_space", addPrefixSpace);
        x.WriteBoolean("trim_offsets", trimOffsets);
        x.WriteBoolean("use_regex", useRegex);
    });
}
