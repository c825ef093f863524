using SharpTune.Text.Tokenization.Serialization;

namespace SharpTune.Text.Tokenization.PreTokenizers;

/// <summary>Builds a pre-tokenizer from its tokenizer.json object.</summary>
internal static class PreTokenizerReader
{
    public static PreTokenizer? Read(JsonSource src)
    {
        if (src.IsNull) return null;
        return src.Type() switch
        {
            "Sequence" => new SequencePreTokenizer(src.Required("pretokenizers").Items().Select(i => Read(i) ?? throw i.Error("null pre-tokenizer")).ToList()),
            "Split" => SplitPreTokenizer.Read(src),
            "ByteLevel" => ByteLevelPreTokenizer.Read(src),
            "Metaspace" => MetaspacePreTokenizer.Read(src),
            "Digits" => new DigitsPreTokenizer(src.Bool("individual_digits", false)),
            "Whitespace" => new WhitespacePreTokenizer(false),
            "WhitespaceSplit" => new WhitespacePreTokenizer(true),
            var t => throw src.Child("type").Error($"unsupported pre-tokenizer type '{t}' (supported: Sequence, Split, ByteLevel, Metaspace, Digits, Whitespace, WhitespaceSplit)"),
        };
    }
}
