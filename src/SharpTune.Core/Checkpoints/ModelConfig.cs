using System.Text.Json.Nodes;

namespace SharpTune.Core.Checkpoints;

/// <summary>
/// A Hugging Face decoder config (`config.json`) for the Llama family: model_type llama, qwen2 or mistral.
/// Parsed by <see cref="ModelConfigParser"/>; the original JSON is kept so saving preserves unknown fields.
/// </summary>
public sealed record ModelConfig
{
    public required string ModelType { get; init; }
    public required int VocabSize { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int NumHiddenLayers { get; init; }
    public required int NumAttentionHeads { get; init; }
    public required int NumKeyValueHeads { get; init; }
    public required int HeadDim { get; init; }
    public double RmsNormEps { get; init; } = 1e-6;
    public double RopeTheta { get; init; } = 10000.0;
    public RopeScaling? RopeScaling { get; init; }
    /// <summary>Bias on q/k/v projections (Qwen2 always; Llama when attention_bias is true).</summary>
    public bool QkvBias { get; init; }
    /// <summary>Bias on o_proj (Llama attention_bias; never for Qwen2).</summary>
    public bool OutputBias { get; init; }
    public bool MlpBias { get; init; }
    public bool TieWordEmbeddings { get; init; }
    public int MaxPositionEmbeddings { get; init; } = 2048;
    public int? BosTokenId { get; init; }
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    public int? PadTokenId { get; init; }
    public string? TorchDtype { get; init; }
    /// <summary>The JSON the config was read from (or built as), for round-tripping unknown keys.</summary>
    public JsonObject Raw { get; init; } = new();

    /// <summary>The config JSON to save: the original keys, with the typed values written over them.</summary>
    public JsonObject ToJson()
    {
        var o = (JsonObject)Raw.DeepClone();
        o["model_type"] = ModelType;
        o["vocab_size"] = VocabSize;
        o["hidden_size"] = HiddenSize;
        o["intermediate_size"] = IntermediateSize;
        o["num_hidden_layers"] = NumHiddenLayers;
        o["num_attention_heads"] = NumAttentionHeads;
        o["num_key_value_heads"] = NumKeyValueHeads;
        if (HeadDim != HiddenSize / NumAttentionHeads || o.ContainsKey("head_dim")) o["head_dim"] = HeadDim;
        o["rms_norm_eps"] = RmsNormEps;
        o["rope_theta"] = RopeTheta;
        o["tie_word_embeddings"] = TieWordEmbeddings;
        o["max_position_embeddings"] = MaxPositionEmbeddings;
        o["hidden_act"] = "silu";
        if (ModelType != "qwen2") o["attention_bias"] = OutputBias;
        if (ModelType == "llama") o["mlp_bias"] = MlpBias;
        if (BosTokenId is { } b) o["bos_token_id"] = b;
        if (EosTokenIds.Count == 1) o["eos_token_id"] = EosTokenIds[0];
        else if (EosTokenIds.Count > 1) o["eos_token_id"] = new JsonArray(EosTokenIds.Select(e => (JsonNode)e).ToArray());
        if (PadTokenId is { } p) o["pad_token_id"] = p;
        if (TorchDtype != null) o["torch_dtype"] = TorchDtype;
        if (RopeScaling is { } rs)
        {
            var r = new JsonObject { ["rope_type"] = rs.Type, ["factor"] = rs.Factor };
            if (rs.Type == "llama3")
            {
                r["low_freq_factor"] = rs.LowFreqFactor;
                r["high_freq_factor"] = rs.HighFreqFactor;
                r["original_max_position_embeddings"] = rs.OriginalMaxPositionEmbeddings;
            }
            o["rope_scaling"] = r;
        }
        if (!o.ContainsKey("architectures"))
            o["architectures"] = new JsonArray(ModelType switch { "qwen2" => "Qwen2ForCausalLM", "mistral" => "MistralForCausalLM", _ => "LlamaForCausalLM" });
        return o;
    }
}
