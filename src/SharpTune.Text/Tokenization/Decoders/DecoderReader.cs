using SharpTune.Text.Tokenization.PreTokenizers;
using SharpTune.Text.Tokenization.Serialization;

namespace SharpTune.Text.Tokenization.Decoders;

/// <summary>Builds a decoder from its tokenizer.json object.</summary>
internal static class DecoderReader
{
    public static Decoder? Read(JsonSource src)
    {
        if (src.IsNull) return null;
        return src.Type() switch
        {
            "Sequence" => new SequenceDecoder(src.Required("decoders").Items().Select(i => Read(i) ?? throw i.Error("null decoder")).ToList()),
            "ByteLevel" => new ByteLevelDecoder(src.Bool("add_prefix_space", true), src.Bool("trim_offsets", true), src.Bool("use_regex", true)),
            "Metaspace" => new MetaspaceDecoder(Char(src, "replacement"), MetaspacePreTokenizer.ReadScheme(src), src.Bool("split", true)),
            "ByteFallback" => new ByteFallbackDecoder(),
            "Fuse" => new FuseDecoder(),
            "Strip" => new StripDecoder(Char(src, "content"), src.Int("start", 0), src.Int("stop", 0)),
            "Replace" => new ReplaceDecoder(Pattern.Read(src.Required("pattern")), src.String("content")),
            var t => throw src.Child("type").Error($"unsupported decoder type '{t}' (supported: Sequence, ByteLevel, Metaspace, ByteFallback, Fuse, Strip, Replace)"),
        };
    }

    private static char Char(JsonSource src, string key)
    {
        var s = src.String(key);
        return s.Length == 1 ? s[0] : throw src.Child(key).Error("expected a single character");
    }
}
