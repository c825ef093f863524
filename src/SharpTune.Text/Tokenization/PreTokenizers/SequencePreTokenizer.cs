using System.Text.Json;
using static SharpTune.Text.Tokenization.Serialization.JsonWriting;

namespace SharpTune.Text.Tokenization.PreTokenizers;

/// <summary>`Sequence`: runs each pre-tokenizer on the output of the previous one.</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<PreTokenizer> steps) : PreTokenizer
{
    public IReadOnlyList<PreTokenizer> Steps { get; } = steps;

    public override bool EndsWithByteLevel => Steps.Count > 0 && Steps[^1].EndsWithByteLevel;

    public override void Run(List<Piece> input, List<Piece> output)
    {
        if (Steps.Count == 0)
        {
            output.AddRange(input);
            return;
        }
        var current = input;
        for (int i = 0; i < Steps.Count; i++)
        {
            var next = i == Steps.Count - 1 ? output : new List<Piece>(current.Count * 4);
            Steps[i].Run(current, next);
            current = next;
        }
    }

    public override void Write(Utf8JsonWriter w) =>
        WriteTyped(w, "Sequence", x => WriteArray(x, "pretokenizers", Steps, (s, y) => s.Write(y)));
}
