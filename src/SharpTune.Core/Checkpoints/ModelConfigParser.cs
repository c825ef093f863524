using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpTune.Core.Checkpoints;

/// <summary>Reads `config.json` into a <see cref="ModelConfig"/>; an unsupported or missing value is an error naming the key.</summary>
public static class ModelConfigParser
{
    public static readonly string[] SupportedModelTypes = ["llama", "qwen2", "mistral"];

    public static ModelConfig Load(string dirOrFile)
    {
        string path = Directory.Exists(dirOrFile) ? Path.Combine(dirOrFile, "config.json") : dirOrFile;
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: config.json not found", path);
        JsonNode? node;
        try { node = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e); }
        if (node is not JsonObject obj) throw new InvalidDataException($"{path}: config must be a JSON object");
        return Parse(obj, path);
    }

    public static ModelConfig Parse(JsonObject o, string source)
    {
        var r = new Reader(o, source);
        string modelType = r.Str("model_type") ?? throw new InvalidDataException($"{source}: missing key 'model_type'");
        if (!SupportedModelTypes.Contains(modelType))
            throw new InvalidDataException($"{source}: model_type '{modelType}' is not supported (supported: {string.Join(", ", SupportedModelTypes)})");
        string act = r.Str("hidden_act") ?? "silu";
        if (act != "silu") throw new InvalidDataException($"{source}: hidden_act '{act}' is not supported (only 'silu')");
        int hidden = r.RequiredInt("hidden_size"), heads = r.RequiredInt("num_attention_heads");
        if (heads <= 0 || hidden <= 0) throw new InvalidDataException($"{source}: hidden_size and num_attention_heads must be positive");
        int kvHeads = r.Int("num_key_value_heads") ?? heads;
        if (kvHeads <= 0 || heads % kvHeads != 0)
            throw new InvalidDataException($"{source}: num_key_value_heads {kvHeads} must divide num_attention_heads {heads}");
        int headDim = r.Int("head_dim") ?? hidden / heads;
        if (headDim % 2 != 0) throw new InvalidDataException($"{source}: head_dim {headDim} must be even for rotary embeddings");
        if (o["pretraining_tp"] is JsonValue tp && tp.GetValue<double>() > 1)
            throw new InvalidDataException($"{source}: pretraining_tp > 1 is not supported");
        bool attnBias = r.Bool("attention_bias") ?? false;
        bool isQwen = modelType == "qwen2";
        return new ModelConfig
        {
            ModelType = modelType,
            VocabSize = r.RequiredInt("vocab_size"),
            HiddenSize = hidden,
            IntermediateSize = r.RequiredInt("intermediate_size"),
            NumHiddenLayers = r.RequiredInt("num_hidden_layers"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = headDim,
            RmsNormEps = r.Double("rms_norm_eps") ?? 1e-6,
            RopeTheta = r.Double("rope_theta") ?? 10000.0,
            RopeScaling = ParseRopeScaling(o["rope_scaling"], source),
            QkvBias = isQwen || attnBias,
            OutputBias = !isQwen && attnBias,
            MlpBias = r.Bool("mlp_bias") ?? false,
            TieWordEmbeddings = r.Bool("tie_word_embeddings") ?? false,
            MaxPositionEmbeddings = r.Int("max_position_embeddings") ?? 2048,
            BosTokenId = r.Int("bos_token_id"),
            EosTokenIds = r.IntList("eos_token_id"),
            PadTokenId = r.Int("pad_token_id"),
            TorchDtype = r.Str("torch_dtype"),
            Raw = (JsonObject)o.DeepClone(),
        };
    }

    static RopeScaling? ParseRopeScaling(JsonNode? node, string source)
    {
        if (node is null) return null;
        if (node is not JsonObject o) throw new InvalidDataException($"{source}: rope_scaling must be an object or null");
        var r = new Reader(o, source + ": rope_scaling");
        string type = r.Str("rope_type") ?? r.Str("type") ?? throw new InvalidDataException($"{source}: rope_scaling needs 'rope_type'");
        double factor = r.Double("factor") ?? throw new InvalidDataException($"{source}: rope_scaling needs 'factor'");
        return type switch
        {
            "linear" => new RopeScaling("linear", factor),
            "llama3" => new RopeScaling("llama3", factor,
                r.Double("low_freq_factor") ?? 1.0, r.Double("high_freq_factor") ?? 4.0,
                r.Int("original_max_position_embeddings") ?? 8192),
            "default" => null,
            _ => throw new InvalidDataException($"{source}: rope_scaling type '{type}' is not supported (supported: linear, llama3)"),
        };
    }

    /// <summary>Typed access to keys, with errors that name the key.</summary>
    sealed class Reader(JsonObject o, string source)
    {
        JsonValue? Value(string key) => o[key] switch
        {
            null => null,
            JsonValue v => v,
            _ => throw new InvalidDataException($"{source}: key '{key}' must be a single value"),
        };

        public string? Str(string key) => Value(key) is { } v
            ? v.TryGetValue<string>(out var s) ? s : throw new InvalidDataException($"{source}: key '{key}' must be a string")
            : null;

        public int? Int(string key)
        {
            if (Value(key) is not { } v) return null;
            if (v.TryGetValue<int>(out var i)) return i;
            if (v.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue) return (int)d;
            throw new InvalidDataException($"{source}: key '{key}' must be an integer");
        }

        public int RequiredInt(string key) => Int(key) ?? throw new InvalidDataException($"{source}: missing key '{key}'");

        public double? Double(string key) => Value(key) is { } v
            ? v.TryGetValue<double>(out var d) ? d : throw new InvalidDataException($"{source}: key '{key}' must be a number")
            : null;

        public bool? Bool(string key) => Value(key) is { } v
            ? v.TryGetValue<bool>(out var b) ? b : throw new InvalidDataException($"{source}: key '{key}' must be true or false")
            : null;

        public IReadOnlyList<int> IntList(string key) => o[key] switch
        {
            null => [],
            JsonArray a => a.Select(n => n is JsonValue v && v.TryGetValue<int>(out var i) ? i
                : throw new InvalidDataException($"{source}: key '{key}' must hold integers")).ToList(),
            _ => Int(key) is { } i ? [i] : [],
        };
    }
}
