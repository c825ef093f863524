using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpTune.Text.Tokenization.Training;

/// <summary>Builds the Hugging Face tokenizer.json / tokenizer_config.json text of a trained model.</summary>
internal static class TokenizerJsonWriter
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string TokenizerJson(BpeTrainingResult r)
    {
        bool meta = r.Kind == BpeModelKind.Metaspace;
        var vocab = new JsonObject();
        for (int id = 0; id < r.Vocab.Count; id++) vocab[r.Vocab[id]] = id;
        var merges = new JsonArray([.. r.Merges.Select(m => (JsonNode)(m.Left + " " + m.Right))]);
        var added = new JsonArray([.. r.SpecialTokens.Select((t, i) => (JsonNode)AddedToken(t, i))]);
        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = meta ? MetaspaceNormalizer() : null,
            ["pre_tokenizer"] = meta ? null : ByteLevelPreTokenizer(),
            ["post_processor"] = meta ? null : ByteLevel(),
            ["decoder"] = meta ? MetaspaceDecoder() : ByteLevel(),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = meta ? UnkToken(r) : null,
                ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null,
                ["fuse_unk"] = meta && r.Options.FuseUnk,
                ["byte_fallback"] = meta && r.Options.ByteFallback,
                ["vocab"] = vocab,
                ["merges"] = merges,
            },
        };
        return root.ToJsonString(Indented);
    }

    public static string TokenizerConfigJson(BpeTrainingResult r)
    {
        string? bos = r.SpecialTokens.FirstOrDefault(t => t is "<s>" or "<bos>" or "<|begin_of_text|>");
        string? eos = r.SpecialTokens.FirstOrDefault(t => t is "</s>" or "<eos>" or "<|endoftext|>" or "<|im_end|>" or "<|end_of_text|>");
        var decoder = new JsonObject();
        for (int i = 0; i < r.SpecialTokens.Count; i++)
        {
            var entry = AddedToken(r.SpecialTokens[i], i);
            entry.Remove("id");
            decoder[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = entry;
        }

        var config = new JsonObject
        {
            ["add_bos_token"] = r.Kind == BpeModelKind.Metaspace && bos is not null,
            ["add_eos_token"] = false,
            ["added_tokens_decoder"] = decoder,
            ["bos_token"] = bos,
            ["eos_token"] = eos,
            ["unk_token"] = r.Kind == BpeModelKind.Metaspace ? UnkToken(r) : null,
            ["pad_token"] = null,
            ["clean_up_tokenization_spaces"] = false,
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
        };
        if (r.Kind == BpeModelKind.Metaspace) config["legacy"] = false;
        return config.ToJsonString(Indented);
    }

    private static string? UnkToken(BpeTrainingResult r) => r.SpecialTokens.FirstOrDefault(t => t == "<unk>");

    private static JsonObject AddedToken(string content, int id) => new()
    {
        ["id"] = id,
        ["content"] = content,
        ["single_word"] = false,
        ["lstrip"] = false,
        ["rstrip"] = false,
        ["normalized"] = false,
        ["special"] = true,
    };

    private static JsonObject MetaspaceNormalizer() => new()
    {
        ["type"] = "Sequence",
        ["normalizers"] = new JsonArray(
            new JsonObject { ["type"] = "Prepend", ["prepend"] = "\u2581" },
            new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = " " }, ["content"] = "\u2581" }),
    };

    private static JsonObject MetaspaceDecoder() => new()
    {
        ["type"] = "Sequence",
        ["decoders"] = new JsonArray(
            new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = "\u2581" }, ["content"] = " " },
            new JsonObject { ["type"] = "ByteFallback" },
            new JsonObject { ["type"] = "Fuse" },
            new JsonObject { ["type"] = "Strip", ["content"] = " ", ["start"] = 1, ["stop"] = 0 }),
    };

    private static JsonObject ByteLevelPreTokenizer() => new()
    {
        ["type"] = "Sequence",
        ["pretokenizers"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "Split",
                ["pattern"] = new JsonObject { ["Regex"] = ByteLevelAlphabet.SplitPattern },
                ["behavior"] = "Isolated",
                ["invert"] = false,
            },
            ByteLevel()),
    };

    private static JsonObject ByteLevel() => new()
    {
        ["type"] = "ByteLevel",
        ["add_prefix_space"] = false,
        ["trim_offsets"] = false,
        ["use_regex"] = false,
    };
}
