using SharpTune.Text.Tokenization.PreTokenizers;
using SharpTune.Text.Tokenization.Serialization;

namespace SharpTune.Text.Tokenization.Normalizers;

/// <summary>Builds a normalizer from its tokenizer.json object.</summary>
internal static class NormalizerReader
{
    public static Normalizer? Read(JsonSource src)
    {
        if (src.IsNull) return null;
        return src.Type() switch
        {
            "Sequence" => new SequenceNormalizer(src.Required("normalizers").Items().Select(i => Read(i) ?? throw i.Error("null normalizer")).ToList()),
            "Prepend" => new PrependNormalizer(src.String("prepend")),
            "Replace" => new ReplaceNormalizer(Pattern.Read(src.Required("pattern")), src.String("content")),
            "NFC" or "NFD" or "NFKC" or "NFKD" => new UnicodeNormalizer(src.Type()),
            "Lowercase" => new LowercaseNormalizer(),
            "Strip" => new StripNormalizer(src.Bool("strip_left", true), src.Bool("strip_right", true)),
            var t => throw src.Child("type").Error($"unsupported normalizer type '{t}' (supported: Sequence, Prepend, Replace, NFC, NFD, NFKC, NFKD, Lowercase, Strip)"),
        };
    }
}
