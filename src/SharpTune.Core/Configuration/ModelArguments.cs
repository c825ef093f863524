using System.ComponentModel;

namespace SharpTune.Core.Configuration;

/// <summary>Which model to load and how (LLaMA-Factory's ModelArguments, the subset SharpTune uses).</summary>
public sealed record ModelArguments
{
    [Description("Hugging Face model folder (config.json + safetensors).")]
    public string? ModelNameOrPath { get; init; }

    [Description("Adapter folder(s), comma-separated: earlier ones are merged, the last stays active.")]
    public IReadOnlyList<string> AdapterNameOrPath { get; init; } = [];

    [Description("Chat template name (inferred from the tokenizer when omitted).")]
    public string? Template { get; init; }

    [Description("Weights dtype: auto (checkpoint's), float32, bfloat16, float16.")]
    public string Dtype { get; init; } = "auto";

    [Description("Device: auto, cpu, cuda, cuda:N.")]
    public string Device { get; init; } = "auto";

    [Description("Use the explicit softmax attention instead of scaled_dot_product_attention.")]
    public bool EagerAttention { get; init; }
}
