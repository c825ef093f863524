using System.Text.Json;
using SharpTune.Text.Tokenization.Serialization;

namespace SharpTune.Text.Tokenization.Models;

/// <summary>Reading and writing the "model" object of tokenizer.json.</summary>
internal sealed partial class BpeModel
{
    public static BpeModel Read(JsonSource src)
    {
        var type = src.OptString("type") ?? "BPE";
        if (type != "BPE")
        {
            throw src.Child("type").Error($"unsupported model type '{type}' (supported: BPE)");
        }
        var dropout = src.Child("dropout");
        if (!dropout.IsNull && !(dropout.Element.ValueKind == JsonValueKind.Number && dropout.Element.GetDouble() == 0))
        {
            throw dropout.Error("BPE dropout is not supported (expected null)");
        }
        var vocabSrc = src.Required("vocab");
        var vocab = new Dictionary<string, int>(vocabSrc.Element.ValueKind == JsonValueKind.Object ? vocabSrc.Element.GetPropertyCount() : 0, StringComparer.Ordinal);
        foreach (var (token, value) in vocabSrc.Properties())
        {
            if (value.Element.ValueKind != JsonValueKind.Number || !value.Element.TryGetInt32(out int id) || id < 0)
            {
                throw value.Error("expected a non-negative integer id");
            }
            vocab[token] = id;
        }
        var merges = new List<(string, string)>();
        var mergesSrc = src.Child("merges");
        if (!mergesSrc.IsNull)
        {
            foreach (var item in mergesSrc.Items())
            {
                merges.Add(ReadMerge(item));
            }
        }
        var options = new BpeOptions(
            src.OptString("unk_token"),
            src.OptString("continuing_subword_prefix"),
            src.OptString("end_of_word_suffix"),
            src.Bool("fuse_unk", false),
            src.Bool("byte_fallback", false),
            src.Bool("ignore_merges", false));
        return new BpeModel(vocab, merges, options, (i, m) => new TokenizerFormatException(src.File, i < 0 ? vocabSrc.Path : $"{mergesSrc.Path}[{i}]", m));
    }

    private static (string, string) ReadMerge(JsonSource item)
    {
        if (item.Element.ValueKind == JsonValueKind.String)
        {
            var parts = item.Element.GetString()!.Split(' ');
            return parts.Length == 2 ? (parts[0], parts[1]) : throw item.Error("expected \"left right\" (two tokens separated by one space)");
        }
        if (item.Element.ValueKind == JsonValueKind.Array && item.Element.GetArrayLength() == 2
            && item.Element[0].ValueKind == JsonValueKind.String && item.Element[1].ValueKind == JsonValueKind.String)
        {
            return (item.Element[0].GetString()!, item.Element[1].GetString()!);
        }
        throw item.Error("expected a merge as \"left right\" or [\"left\", \"right\"]");
    }

    public void Write(Utf8JsonWriter w) => WriteJson(w, Options, _vocab, MergeList);

    /// <summary>Writes a BPE "model" object (vocab in id order, merges as pairs).</summary>
    internal static void WriteJson(Utf8JsonWriter w, BpeOptions options, IReadOnlyDictionary<string, int> vocab,
        IEnumerable<(string Left, string Right)> merges)
    {
        w.WriteStartObject();
        w.WriteString("type", "BPE");
        w.WriteNull("dropout");
        WriteOptional(w, "unk_token", options.UnkToken);
        WriteOptional(w, "continuing_subword_prefix", options.ContinuingSubwordPrefix);
        WriteOptional(w, "end_of_word_suffix", options.EndOfWordSuffix);
        w.WriteBoolean("fuse_unk", options.FuseUnk);
        w.WriteBoolean("byte_fallback", options.ByteFallback);
        w.WriteBoolean("ignore_merges", options.IgnoreMerges);
        w.WriteStartObject("vocab");
        foreach (var (token, id) in vocab.OrderBy(kv => kv.Value)) w.WriteNumber(token, id);
        w.WriteEndObject();
        w.WriteStartArray("merges");
        foreach (var (a, b) in merges)
        {
            w.WriteStartArray();
            w.WriteStringValue(a);
            w.WriteStringValue(b);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }
}
