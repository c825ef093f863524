using System.Text.RegularExpressions;

namespace SharpTune.Core.Checkpoints.Gguf;

/// <summary>
/// Hugging Face Llama / Mistral / Qwen2 tensor names → llama.cpp's GGUF names (convert_hf_to_gguf's tensor map):
/// model.embed_tokens → token_embd, model.layers.N.self_attn.q_proj → blk.N.attn_q, …, lm_head → output.
/// </summary>
public static partial class GgufNames
{
    static readonly Dictionary<string, string> LayerParts = new(StringComparer.Ordinal)
    {
        ["self_attn.q_proj"] = "attn_q",
        ["self_attn.k_proj"] = "attn_k",
        ["self_attn.v_proj"] = "attn_v",
        ["self_attn.o_proj"] = "attn_output",
        ["mlp.gate_proj"] = "ffn_gate",
        ["mlp.up_proj"] = "ffn_up",
        ["mlp.down_proj"] = "ffn_down",
        ["input_layernorm"] = "attn_norm",
        ["post_attention_layernorm"] = "ffn_norm",
    };

    [GeneratedRegex(@"^model\.layers\.(\d+)\.(.+)$")]
    private static partial Regex LayerName();

    /// <summary>The GGUF name of an HF module path (without .weight / .bias), or null when llama.cpp has no such tensor.</summary>
    public static string? Module(string hfModule)
    {
        switch (hfModule)
        {
            case "model.embed_tokens": return "token_embd";
            case "model.norm": return "output_norm";
            case "lm_head": return "output";
        }
        var m = LayerName().Match(hfModule);
        return m.Success && LayerParts.TryGetValue(m.Groups[2].Value, out var part) ? $"blk.{m.Groups[1].Value}.{part}" : null;
    }

    /// <summary>The GGUF name of an HF tensor name (…weight / …bias); throws for a tensor llama.cpp would not know.</summary>
    public static string Tensor(string hfName)
    {
        int dot = hfName.LastIndexOf('.');
        string suffix = dot > 0 ? hfName[(dot + 1)..] : "";
        if (suffix is "weight" or "bias" && Module(hfName[..dot]) is { } g) return $"{g}.{suffix}";
        throw new NotSupportedException($"tensor '{hfName}' has no llama.cpp GGUF name (expected Llama / Mistral / Qwen2 weights)");
    }

    /// <summary>
    /// llama.cpp's q/k row permutation for Llama-type models (LlamaModel.permute): undoes HF's rotate-half layout for
    /// ggml's NORM RoPE. Rows are [heads, 2, head_dim / 2] → [heads, head_dim / 2, 2]. Returns null for other tensors.
    /// </summary>
    public static int? PermuteHeads(string hfName, ModelConfig config)
    {
        if (config.ModelType == "qwen2") return null;                                          // Qwen2 runs NEOX RoPE: no permutation
        if (hfName.Contains(".self_attn.q_proj.", StringComparison.Ordinal)) return config.NumAttentionHeads;
        if (hfName.Contains(".self_attn.k_proj.", StringComparison.Ordinal)) return config.NumKeyValueHeads;
        return null;
    }

    /// <summary>general.architecture for a config.json model_type (Mistral is run by llama.cpp's llama graph).</summary>
    public static string Architecture(ModelConfig config) => config.ModelType switch
    {
        "llama" or "mistral" => "llama",
        "qwen2" => "qwen2",
        var t => throw new NotSupportedException($"GGUF export supports model_type llama, mistral and qwen2, not '{t}'"),
    };
}
