using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpTune.Text.Tokenization;

/// <summary>The parts of transformers' tokenizer_config.json that change encoding or decoding.</summary>
internal sealed record TokenizerConfig(
    string? BosToken,
    string? EosToken,
    string? PadToken,
    string? UnkToken,
    bool? AddBosToken,
    bool? AddEosToken,
    bool CleanUpTokenizationSpaces,
    string? TokenizerClass,
    JsonObject Raw)
{
    public static TokenizerConfig Empty => new(null, null, null, null, null, null, false, null, []);

    /// <summary>Fills bos / eos / pad / unk missing here from special_tokens_map.json (read with <see cref="Read"/>).</summary>
    public TokenizerConfig WithSpecialTokensMap(TokenizerConfig map) => this with
    {
        BosToken = BosToken ?? map.BosToken,
        EosToken = EosToken ?? map.EosToken,
        PadToken = PadToken ?? map.PadToken,
        UnkToken = UnkToken ?? map.UnkToken,
    };

    public static TokenizerConfig Read(string path)
    {
        JsonObject raw;
        try
        {
            raw = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new TokenizerFormatException(path, "$", "expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(path, e.Path ?? "$", $"invalid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        return new TokenizerConfig(
            TokenName(raw, "bos_token", path), TokenName(raw, "eos_token", path), TokenName(raw, "pad_token", path),
            TokenName(raw, "unk_token", path), Flag(raw, "add_bos_token", path), Flag(raw, "add_eos_token", path),
            Flag(raw, "clean_up_tokenization_spaces", path) ?? false, raw["tokenizer_class"]?.GetValueKind() == JsonValueKind.String ? (string?)raw["tokenizer_class"] : null,
            raw);
    }

    private static string? TokenName(JsonObject raw, string key, string path) => raw[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => (string?)v,
        JsonObject o when o["content"] is JsonValue c && c.GetValueKind() == JsonValueKind.String => (string?)c,
        _ => throw new TokenizerFormatException(path, key, "expected a string or {\"content\": …}"),
    };

    private static bool? Flag(JsonObject raw, string key, string path) => raw[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => (bool)v,
        _ => throw new TokenizerFormatException(path, key, "expected true or false"),
    };
}
