using System.IO.Compression;
using System.Text.Json.Nodes;
using SharpTune.Text.Tokenization;
using RustTokenizer = Tokenizers.DotNet.Tokenizer;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>
/// Pipeline components the fixture tokenizers do not use (Metaspace, GPT-2 ByteLevel regex, Split behaviors,
/// Digits, NFKC / Lowercase / Strip, added-token flags) checked against the Rust library on random strings,
/// with small vocabularies cut from the fixtures so both sides load quickly.
/// </summary>
[Trait("Category", "TokenizerParity")]
public sealed class ComponentParityTests
{
    private static readonly Lazy<JsonObject> ByteLevelBase = new(() => Shrink("qwen3", 6000));
    private static readonly Lazy<JsonObject> MetaspaceBase = new(() => Shrink("llama2", 8000));

    private const string ByteLevelPlain = """{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":false,"use_regex":false}""";
    private const string Llama3Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private const string O200kPattern = @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private static readonly Dictionary<string, (bool ByteLevel, string? Normalizer, string? Pre, string? Decoder, string? Added)> Variants = new()
    {
        ["gpt2_byte_level_regex"] = (true, null, """{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":true}""", null, null),
        ["digits_and_removed_whitespace"] = (true, null, $$"""{"type":"Sequence","pretokenizers":[{"type":"Digits","individual_digits":true},{"type":"Split","pattern":{"Regex":"\\s+"},"behavior":"Removed","invert":false},{{ByteLevelPlain}}]}""", null, null),
        ["split_merged_with_previous"] = (true, null, $$"""{"type":"Sequence","pretokenizers":[{"type":"Split","pattern":{"String":" "},"behavior":"MergedWithPrevious","invert":false},{{ByteLevelPlain}}]}""", null, null),
        ["split_merged_with_next_inverted"] = (true, null, $$"""{"type":"Sequence","pretokenizers":[{"type":"Split","pattern":{"Regex":"\\p{P}+"},"behavior":"MergedWithNext","invert":true},{{ByteLevelPlain}}]}""", null, null),
        ["split_contiguous_and_digit_runs"] = (true, null, $$"""{"type":"Sequence","pretokenizers":[{"type":"Digits","individual_digits":false},{"type":"Split","pattern":{"Regex":"[aeiou]"},"behavior":"Contiguous","invert":false},{{ByteLevelPlain}}]}""", null, null),
        ["llama3_pattern"] = (true, null, $$"""{"type":"Sequence","pretokenizers":[{"type":"Split","pattern":{"Regex":{{System.Text.Json.JsonSerializer.Serialize(Llama3Pattern)}}},"behavior":"Isolated","invert":false},{{ByteLevelPlain}}]}""", null, null),
        ["nfkc_lowercase_strip"] = (true, """{"type":"Sequence","normalizers":[{"type":"NFKC"},{"type":"Lowercase"},{"type":"Strip","strip_left":true,"strip_right":true}]}""", null, null, null),
        ["added_token_flags"] = (true, """{"type":"Lowercase"}""", null, null,
            """[{"id":7001,"content":"<x>","single_word":false,"lstrip":true,"rstrip":false,"normalized":false,"special":true},{"id":7002,"content":"<y>","single_word":false,"lstrip":false,"rstrip":true,"normalized":false,"special":true},{"id":7003,"content":"word","single_word":true,"lstrip":false,"rstrip":false,"normalized":false,"special":false},{"id":7004,"content":"Hello","single_word":false,"lstrip":false,"rstrip":false,"normalized":true,"special":false}]"""),
        ["o200k_pattern"] = (true, null, $$"""{"type":"Sequence","pretokenizers":[{"type":"Split","pattern":{"Regex":{{System.Text.Json.JsonSerializer.Serialize(O200kPattern)}}},"behavior":"Isolated","invert":false},{{ByteLevelPlain}}]}""", null, null),
        ["llama3_ignore_merges"] = (true, null, $$"""{"type":"Sequence","pretokenizers":[{"type":"Split","pattern":{"Regex":{{System.Text.Json.JsonSerializer.Serialize(Llama3Pattern)}}},"behavior":"Isolated","invert":false},{{ByteLevelPlain}}]}""", null, null),
        ["gemma_style"] = (false, """{"type":"Replace","pattern":{"String":" "},"content":"▁"}""", """{"type":"Split","pattern":{"String":" "},"behavior":"MergedWithPrevious","invert":false}""",
            """{"type":"Sequence","decoders":[{"type":"Replace","pattern":{"String":"▁"},"content":" "},{"type":"ByteFallback"},{"type":"Fuse"}]}""", null),
        ["metaspace_first"] = (false, "null", """{"type":"Metaspace","replacement":"▁","prepend_scheme":"first","split":false}""", """{"type":"Metaspace","replacement":"▁","prepend_scheme":"first","split":false}""", null),
        ["metaspace_always_split"] = (false, "null", """{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true}""", """{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true}""", null),
        ["metaspace_never"] = (false, "null", """{"type":"Metaspace","replacement":"▁","prepend_scheme":"never","split":false}""", """{"type":"Metaspace","replacement":"▁","prepend_scheme":"never","split":false}""", null),
        ["replace_regex_and_nfc"] = (false, """{"type":"Sequence","normalizers":[{"type":"NFC"},{"type":"Replace","pattern":{"Regex":" {2,}"},"content":" "},{"type":"Prepend","prepend":"▁"},{"type":"Replace","pattern":{"String":" "},"content":"▁"}]}""", null, null, null),
    };

    public static TheoryData<string> VariantNames() => new(Variants.Keys);

    [Theory]
    [MemberData(nameof(VariantNames))]
    public void Component_variant_matches_rust(string variant)
    {
        var (byteLevel, normalizer, pre, decoder, added) = Variants[variant];
        var json = (JsonObject)(byteLevel ? ByteLevelBase : MetaspaceBase).Value.DeepClone();
        if (normalizer is not null) json["normalizer"] = JsonNode.Parse(normalizer);
        if (pre is not null) json["pre_tokenizer"] = JsonNode.Parse(pre);
        if (decoder is not null) json["decoder"] = JsonNode.Parse(decoder);
        if (added is not null) json["added_tokens"] = JsonNode.Parse(added);
        if (variant.Contains("ignore_merges", StringComparison.Ordinal)) json["model"]!["ignore_merges"] = true;
        var dir = Path.Combine(Path.GetTempPath(), "sharptune-variant-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "tokenizer.json");
            File.WriteAllText(path, json.ToJsonString());
            var ours = Tokenizer.Load(path);
            using var rust = new RustTokenizer(path);
            RustComparison.AssertSame(ours, rust, RandomTextGenerator.Generate(seed: variant.Length * 7919, count: 250));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A fixture tokenizer cut to ids below <paramref name="size"/> (merges whose parts and result survive).</summary>
    private static JsonObject Shrink(string name, int size)
    {
        using var gz = new GZipStream(File.OpenRead(Path.Combine(TokenizerFixtures.TokenizersDir, name, "tokenizer.json.gz")), CompressionMode.Decompress);
        var json = (JsonObject)JsonNode.Parse(gz)!;
        var model = (JsonObject)json["model"]!;
        var vocab = new JsonObject();
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (token, id) in (JsonObject)model["vocab"]!)
        {
            if ((int)id! < size && kept.Add(token)) vocab[token] = (int)id!;
        }
        var merges = new JsonArray();
        foreach (var m in (JsonArray)model["merges"]!)
        {
            var (a, b) = m is JsonArray pair ? ((string)pair[0]!, (string)pair[1]!) : Split((string)m!);
            if (kept.Contains(a) && kept.Contains(b) && kept.Contains(a + b)) merges.Add(new JsonArray(a, b));
        }
        model["vocab"] = vocab;
        model["merges"] = merges;
        json["added_tokens"] = new JsonArray(((JsonArray)json["added_tokens"]!).Where(t => (int)t!["id"]! < size).Select(t => t!.DeepClone()).ToArray());
        json["post_processor"] = null;
        return json;
    }

    private static (string, string) Split(string merge)
    {
        int i = merge.IndexOf(' ', StringComparison.Ordinal);
        return (merge[..i], merge[(i + 1)..]);
    }
}
