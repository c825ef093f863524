using System.Text.Json;

namespace SharpTune.Text.Tokenization.PreTokenizers;

/// <summary>Splits pieces of normalized text into smaller pieces (Rust `PreTokenizer`).</summary>
internal abstract class PreTokenizer
{
    /// <summary>Splits every piece of <paramref name="input"/> and appends the results to <paramref name="output"/>.</summary>
    public abstract void Run(List<Piece> input, List<Piece> output);

    /// <summary>Writes this pre-tokenizer as tokenizer.json does.</summary>
    public abstract void Write(Utf8JsonWriter w);

    /// <summary>True when this is (or ends with) a byte-level step whose char mapping the model applies itself.</summary>
    public virtual bool EndsWithByteLevel => false;

    /// <summary>Applies one split function to every piece.</summary>
    protected static void SplitAll(List<Piece> input, List<Piece> output, SplitBehavior behavior, bool invert,
        Action<Piece, List<(int, int)>> find)
    {
        var matches = new List<(int, int)>();
        foreach (var piece in input)
        {
            matches.Clear();
            find(piece, matches);
            Splitter.Apply(piece, matches, behavior, invert, output);
        }
    }

    /// <summary>Each code point satisfying <paramref name="predicate"/> is one match.</summary>
    protected static void MatchCodePoints(Piece piece, List<(int, int)> matches, Func<int, bool> predicate)
    {
        var s = piece.Text;
        int end = piece.Start + piece.Length;
        for (int i = piece.Start; i < end; i++)
        {
            int len = char.IsHighSurrogate(s[i]) && i + 1 < end && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
            int cp = len == 2 ? char.ConvertToUtf32(s[i], s[i + 1]) : s[i];
            if (predicate(cp)) matches.Add((i, len));
            i += len - 1;
        }
    }
}
