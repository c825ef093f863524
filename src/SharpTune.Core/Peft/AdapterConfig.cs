// The adapter_config.json of Hugging Face PEFT (src/peft/tuners/lora/config.py, tuners/prompt_tuning/config.py,
// tuners/prefix_tuning/config.py), plus SharpTune's own BOTTLENECK_ADAPTER type (docs/adapter-format.md).
// Written like PEFT's save_pretrained: keys sorted, indent 2.
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpTune.Core.Peft;

/// <summary>One adapter's settings as stored in adapter_config.json; property names map to the snake_case keys.</summary>
public sealed record AdapterConfig
{
    public const string Lora = "LORA", PromptTuning = "PROMPT_TUNING", PrefixTuning = "PREFIX_TUNING", Bottleneck = "BOTTLENECK_ADAPTER";
    public static readonly IReadOnlyList<string> PeftTypes = [Lora, PromptTuning, PrefixTuning, Bottleneck];

    public required string PeftType { get; init; }
    public string? BaseModelNameOrPath { get; init; }
    /// <summary>modules_to_save: modules trained in full and stored with the adapter (e.g. embed_tokens, lm_head).</summary>
    public IReadOnlyList<string> ModulesToSave { get; init; } = [];

    // LORA
    public int R { get; init; } = 8;
    public double LoraAlpha { get; init; } = 8;
    public double LoraDropout { get; init; }
    /// <summary>target_modules as a list of names (a module matches when its path ends with ".name").</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = [];
    /// <summary>target_modules given as one string: a regular expression the whole module path must match.</summary>
    public string? TargetModulesRegex { get; init; }
    public bool UseRslora { get; init; }
    public bool UseDora { get; init; }

    // PROMPT_TUNING / PREFIX_TUNING
    public int NumVirtualTokens { get; init; }
    public int TokenDim { get; init; }
    public int NumLayers { get; init; }
    public int NumAttentionHeads { get; init; }
    public string PromptTuningInit { get; init; } = "RANDOM";
    public string? PromptTuningInitText { get; init; }
    public int EncoderHiddenSize { get; init; }
    public bool PrefixProjection { get; init; }

    // BOTTLENECK_ADAPTER
    public string AdapterType { get; init; } = "houlsby";
    public int AdapterSize { get; init; }
    public string NonLinearity { get; init; } = "relu";

    /// <summary>LoRA's scaling factor: alpha / r, or alpha / √r with rsLoRA (Kalajdzievski 2023).</summary>
    public double Scaling => UseRslora ? LoraAlpha / Math.Sqrt(R) : LoraAlpha / R;

    public bool IsPromptLearning => PeftType is PromptTuning or PrefixTuning;

    /// <summary>The JSON PEFT writes (sorted keys); PEFT 0.8-compatible for LORA (use_dora only when set).</summary>
    public string ToJson()
    {
        var o = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["base_model_name_or_path"] = BaseModelNameOrPath,
            ["inference_mode"] = true,
            ["peft_type"] = PeftType,
            ["revision"] = null,
            ["task_type"] = "CAUSAL_LM",
        };
        JsonNode? Names(IReadOnlyList<string> l) => l.Count == 0 ? null : new JsonArray(l.Select(s => (JsonNode?)s).ToArray());
        switch (PeftType)
        {
            case Lora:
                o["alpha_pattern"] = new JsonObject(); o["auto_mapping"] = null; o["bias"] = "none"; o["fan_in_fan_out"] = false;
                o["init_lora_weights"] = true; o["layers_pattern"] = null; o["layers_to_transform"] = null; o["loftq_config"] = new JsonObject();
                o["lora_alpha"] = Number(LoraAlpha); o["lora_dropout"] = LoraDropout; o["megatron_config"] = null;
                o["megatron_core"] = "megatron.core"; o["modules_to_save"] = Names(ModulesToSave); o["r"] = R; o["rank_pattern"] = new JsonObject();
                o["target_modules"] = TargetModulesRegex is { } rx ? rx : Names(TargetModules); o["use_rslora"] = UseRslora;
                if (UseDora) o["use_dora"] = true;
                break;
            case PromptTuning or PrefixTuning:
                o["auto_mapping"] = null; o["num_attention_heads"] = NumAttentionHeads; o["num_layers"] = NumLayers;
                o["num_transformer_submodules"] = 1; o["num_virtual_tokens"] = NumVirtualTokens; o["token_dim"] = TokenDim;
                if (PeftType == PromptTuning)
                {
                    o["prompt_tuning_init"] = PromptTuningInit; o["prompt_tuning_init_text"] = PromptTuningInitText;
                    o["tokenizer_kwargs"] = null; o["tokenizer_name_or_path"] = null;
                }
                else
                {
                    o["encoder_hidden_size"] = EncoderHiddenSize; o["prefix_projection"] = PrefixProjection;
                }
                if (ModulesToSave.Count > 0) o["modules_to_save"] = Names(ModulesToSave);
                break;
            case Bottleneck:
                o["adapter_type"] = AdapterType; o["adapter_size"] = AdapterSize; o["non_linearity"] = NonLinearity;
                o["modules_to_save"] = Names(ModulesToSave);
                break;
            default:
                throw new InvalidOperationException($"unknown peft_type '{PeftType}'");
        }
        var json = new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, kv.Value)));
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2 });
    }

    static JsonNode Number(double v) => v == Math.Floor(v) && Math.Abs(v) < 1e15 ? JsonValue.Create((long)v) : JsonValue.Create(v);

    /// <summary>Reads and validates adapter_config.json in <paramref name="dir"/>.</summary>
    public static AdapterConfig Load(string dir) => AdapterConfigParser.Parse(Path.Combine(dir, "adapter_config.json"));
}
