// Parser of PEFT's adapter_config.json (src/peft/config.py PeftConfigMixin.from_pretrained): every value is
// type-checked and settings SharpTune does not implement are rejected by name instead of silently ignored.
using System.Text.Json.Nodes;

namespace SharpTune.Core.Peft;

internal static class AdapterConfigParser
{
    public static AdapterConfig Parse(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: adapter_config.json not found", path);
        JsonObject o;
        try { o = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException("not a JSON object"); }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException)
        {
            throw new FormatException($"{path}: not a valid adapter config ({ex.Message})", ex);
        }
        var r = new Reader(path, o);
        string type = r.Str("peft_type") ?? throw new FormatException($"{path}: missing key 'peft_type'");
        if (!AdapterConfig.PeftTypes.Contains(type))
            throw new NotSupportedException($"{path}: peft_type '{type}' is not supported (expected one of {string.Join(", ", AdapterConfig.PeftTypes)})");
        if (r.Str("task_type") is { } task && task != "CAUSAL_LM")
            throw new NotSupportedException($"{path}: task_type '{task}' is not supported (expected CAUSAL_LM)");
        var c = new AdapterConfig
        {
            PeftType = type,
            BaseModelNameOrPath = r.Str("base_model_name_or_path"),
            ModulesToSave = r.Names("modules_to_save") ?? [],
        };
        return type switch
        {
            AdapterConfig.Lora => ParseLora(r, c),
            AdapterConfig.PromptTuning or AdapterConfig.PrefixTuning => c with
            {
                NumVirtualTokens = r.Int("num_virtual_tokens", required: true),
                TokenDim = r.Int("token_dim"),
                NumLayers = r.Int("num_layers"),
                NumAttentionHeads = r.Int("num_attention_heads"),
                PromptTuningInit = r.Str("prompt_tuning_init") ?? "RANDOM",
                PromptTuningInitText = r.Str("prompt_tuning_init_text"),
                EncoderHiddenSize = r.Int("encoder_hidden_size"),
                PrefixProjection = r.Bool("prefix_projection"),
            },
            _ => c with
            {
                AdapterType = r.Str("adapter_type") ?? "houlsby",
                AdapterSize = r.Int("adapter_size", required: true),
                NonLinearity = r.Str("non_linearity") ?? "relu",
            },
        };
    }

    static AdapterConfig ParseLora(Reader r, AdapterConfig c)
    {
        if (r.Str("bias") is { } bias && bias != "none") throw r.Unsupported("bias", bias);
        if (r.Bool("fan_in_fan_out")) throw r.Unsupported("fan_in_fan_out", "true");
        if (r.Node("layers_to_transform") is { } l) throw r.Unsupported("layers_to_transform", l.ToJsonString());
        foreach (var key in new[] { "rank_pattern", "alpha_pattern" })
            if (r.Node(key) is JsonObject { Count: > 0 } p) throw r.Unsupported(key, p.ToJsonString());
        int rank = r.Int("r", required: true);
        if (rank <= 0) throw new FormatException($"{r.Path}: 'r' must be > 0, got {rank}");
        var target = r.Node("target_modules");
        return c with
        {
            R = rank,
            LoraAlpha = r.Double("lora_alpha") ?? 8,
            LoraDropout = r.Double("lora_dropout") ?? 0,
            TargetModules = target is JsonValue ? [] : r.Names("target_modules") ?? throw new FormatException($"{r.Path}: missing key 'target_modules'"),
            TargetModulesRegex = target is JsonValue ? r.Str("target_modules") : null,
            UseRslora = r.Bool("use_rslora"),
            UseDora = r.Bool("use_dora"),
        };
    }

    sealed class Reader(string path, JsonObject o)
    {
        public string Path => path;
        public JsonNode? Node(string key) => o.TryGetPropertyValue(key, out var n) ? n : null;

        public string? Str(string key) => Node(key) switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            var n => throw Bad(key, "a string", n),
        };

        public bool Bool(string key) => Node(key) switch
        {
            null => false,
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            var n => throw Bad(key, "true or false", n),
        };

        public double? Double(string key) => Node(key) switch
        {
            null => null,
            JsonValue v when v.TryGetValue<double>(out var d) => d,
            var n => throw Bad(key, "a number", n),
        };

        public int Int(string key, bool required = false) => Node(key) switch
        {
            null when required => throw new FormatException($"{path}: missing key '{key}'"),
            null => 0,
            JsonValue v when v.TryGetValue<int>(out var i) => i,
            var n => throw Bad(key, "an integer", n),
        };

        public IReadOnlyList<string>? Names(string key) => Node(key) switch
        {
            null => null,
            JsonArray a => a.Select(e => e is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Bad(key, "a list of strings", a)).ToList(),
            var n => throw Bad(key, "a list of strings", n),
        };

        public NotSupportedException Unsupported(string key, string value) =>
            new($"{path}: '{key}' = {value} is not supported by SharpTune");

        FormatException Bad(string key, string expected, JsonNode n) =>
            new($"{path}: '{key}' must be {expected}, got {n.ToJsonString()}");
    }
}
