using System.Text.Json;
using SharpTune.Text.Tokenization;

namespace SharpTune.Core.Checkpoints.Gguf;

/// <summary>
/// A Hugging Face tokenizer (tokenizer.json + tokenizer_config.json) as llama.cpp's <c>tokenizer.ggml.*</c> metadata:
/// model <c>llama</c> (SentencePiece-style BPE: tokens, scores, token types; a merged piece's score is minus its merge rank,
/// so llama.cpp's highest-score-first merging follows the BPE merge order) or <c>gpt2</c> (byte-level BPE: tokens, token
/// types, merges, and <c>tokenizer.ggml.pre</c> named from the split regex as llama.cpp's converter does).
/// </summary>
public sealed record GgufVocabulary
{
    public const int Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6;
    const string Qwen2Split = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";
    const string Llama3Split = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    public required string Model { get; init; }
    public required string Pre { get; init; }
    public required IReadOnlyList<string> Tokens { get; init; }
    public required IReadOnlyList<int> TokenTypes { get; init; }
    public IReadOnlyList<float> Scores { get; init; } = [];
    public IReadOnlyList<string> Merges { get; init; } = [];
    public int? BosId { get; init; }
    public int? EosId { get; init; }
    public int? UnkId { get; init; }
    public int? PadId { get; init; }
    public bool AddBos { get; init; }
    public bool AddEos { get; init; }
    public bool AddSpacePrefix { get; init; }
    public string? ChatTemplate { get; init; }

    /// <summary>Reads the tokenizer of <paramref name="dir"/>; rows beyond its tokens up to <paramref name="vocabSize"/> become unused [PAD{i}] tokens.</summary>
    public static GgufVocabulary Load(string dir, int vocabSize, ModelConfig config)
    {
        string file = Path.Combine(dir, "tokenizer.json");
        if (!File.Exists(file)) throw new FileNotFoundException($"{dir}: no tokenizer.json; a GGUF file must carry the tokenizer", file);
        var tok = Tokenizer.Load(dir);                                                         // validates the file; gives special ids
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
        var root = doc.RootElement;
        var model = root.GetProperty("model");
        if (!model.TryGetProperty("type", out var mt) || mt.GetString() != "BPE")
            throw new TokenizerFormatException(file, "model.type", "GGUF export supports BPE tokenizers (SentencePiece-style or byte-level)");
        var tokens = new string?[vocabSize];
        foreach (var p in model.GetProperty("vocab").EnumerateObject()) Place(tokens, p.Value.GetInt32(), p.Name, file, vocabSize);
        var added = new Dictionary<int, bool>();                                               // id → special
        if (root.TryGetProperty("added_tokens", out var at) && at.ValueKind == JsonValueKind.Array)
            foreach (var a in at.EnumerateArray())
            {
                int id = a.GetProperty("id").GetInt32();
                Place(tokens, id, a.GetProperty("content").GetString()!, file, vocabSize);
                added[id] = a.TryGetProperty("special", out var sp) && sp.GetBoolean();
            }
        var merges = ReadMerges(model, file);
        bool byteLevel = Contains(root, "pre_tokenizer", "ByteLevel") || Contains(root, "decoder", "ByteLevel");
        int? unk = tok.UnkId;
        var types = new int[vocabSize];
        var names = new string[vocabSize];
        for (int i = 0; i < vocabSize; i++)
        {
            names[i] = tokens[i] ?? $"[PAD{i}]";
            types[i] = tokens[i] is null ? Unused
                : added.TryGetValue(i, out bool special) ? (i == unk ? Unknown : special ? Control : UserDefined)
                : i == unk ? Unknown
                : !byteLevel && IsByteToken(names[i]) ? Byte
                : Normal;
        }
        var cfg = ReadConfig(dir);
        var v = new GgufVocabulary
        {
            Model = byteLevel ? "gpt2" : "llama",
            Pre = byteLevel ? PreOf(root, file) : "default",
            Tokens = names,
            TokenTypes = types,
            BosId = tok.BosId ?? config.BosTokenId,
            EosId = tok.EosId ?? (config.EosTokenIds.Count > 0 ? config.EosTokenIds[0] : null),
            UnkId = unk,
            PadId = tok.PadId ?? config.PadTokenId,
            AddBos = Flag(cfg, "add_bos_token") ?? PostProcessorAdds(root, tok.BosId),
            AddEos = Flag(cfg, "add_eos_token") ?? false,
            AddSpacePrefix = !byteLevel && (Contains(root, "normalizer", "Prepend") || Contains(root, "pre_tokenizer", "Metaspace") && !Contains(root, "pre_tokenizer", "never")),
            ChatTemplate = cfg is { } c && c.TryGetProperty("chat_template", out var ct) && ct.ValueKind == JsonValueKind.String ? ct.GetString() : null,
        };
        if (byteLevel) return v with { Merges = merges.Select(m => m.Left + " " + m.Right).ToList() };
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int r = 0; r < merges.Count; r++) rank.TryAdd(merges[r].Left + merges[r].Right, r);
        var scores = names.Select((t, i) => rank.TryGetValue(t, out int r) ? -(float)r : types[i] == Normal && t.Length > 1 ? -(float)(merges.Count + i) : 0f).ToList();
        return v with { Scores = scores };
    }

    static void Place(string?[] tokens, int id, string text, string file, int vocabSize)
    {
        if (id < 0 || id >= vocabSize)
            throw new TokenizerFormatException(file, "model.vocab", $"token '{text}' has id {id}, outside the model's vocabulary of {vocabSize} rows (config.json vocab_size)");
        tokens[id] = text;
    }

    static List<(string Left, string Right)> ReadMerges(JsonElement model, string file)
    {
        var list = new List<(string, string)>();
        if (!model.TryGetProperty("merges", out var m)) return list;
        foreach (var e in m.EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.String)
            {
                string s = e.GetString()!;
                int sp = s.IndexOf(' ', 1);
                if (sp < 0) throw new TokenizerFormatException(file, "model.merges", $"merge '{s}' is not 'left right'");
                list.Add((s[..sp], s[(sp + 1)..]));
            }
            else list.Add((e[0].GetString()!, e[1].GetString()!));
        }
        return list;
    }

    static string PreOf(JsonElement root, string file)
    {
        var strings = root.TryGetProperty("pre_tokenizer", out var p) ? Strings(p).ToHashSet(StringComparer.Ordinal) : [];
        if (strings.Contains(Qwen2Split)) return "qwen2";
        if (strings.Contains(Llama3Split)) return "llama-bpe";
        if (!strings.Contains("Split") && !p.GetRawText().Replace(" ", "", StringComparison.Ordinal).Contains("\"use_regex\":false", StringComparison.Ordinal)) return "gpt2";
        throw new TokenizerFormatException(file, "pre_tokenizer",
            "the byte-level split pattern is not one llama.cpp knows (Qwen2, Llama-3 or GPT-2); writing it as another would tokenize differently");
    }

    /// <summary>True when the string <paramref name="text"/> occurs in the JSON value of <paramref name="key"/> (as a whole string or inside one).</summary>
    static bool Contains(JsonElement root, string key, string text) =>
        root.TryGetProperty(key, out var e) && Strings(e).Any(s => s.Contains(text, StringComparison.Ordinal));

    static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };

    static bool PostProcessorAdds(JsonElement root, int? bos) =>
        bos is not null && root.TryGetProperty("post_processor", out var p) && p.ValueKind == JsonValueKind.Object
        && p.TryGetProperty("single", out var single) && single.GetRawText().Contains("SpecialToken", StringComparison.Ordinal);

    static bool IsByteToken(string t) => t.Length == 6 && t.StartsWith("<0x", StringComparison.Ordinal) && t[5] == '>';

    static JsonElement? ReadConfig(string dir)
    {
        string f = Path.Combine(dir, "tokenizer_config.json");
        if (!File.Exists(f)) return null;
        using var d = JsonDocument.Parse(File.ReadAllBytes(f));
        return d.RootElement.Clone();
    }

    static bool? Flag(JsonElement? cfg, string key) =>
        cfg is { } c && c.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
}
