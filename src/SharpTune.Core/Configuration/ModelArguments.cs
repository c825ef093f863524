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

    [Description("Initialise the weights randomly (HF _init_weights, seeded by seed) from config.json instead of loading them: pre-training from scratch.")]
    public bool TrainFromScratch { get; init; }

    [Description("Use the explicit softmax attention instead of scaled_dot_product_attention.")]
    public bool EagerAttention { get; init; }

    [Description("LLaMA-Factory's switch: never checkpoint activations. SharpTune checkpoints only with gradient_checkpointing true "
        + "(LLaMA-Factory turns it on by default; on CPU it costs about a third more time), so this only overrides that.")]
    public bool DisableGradientCheckpointing { get; init; }

    /// <summary>Whether activation checkpointing runs, given the training arguments' request.</summary>
    public bool Checkpointing(bool requested) => requested && !DisableGradientCheckpointing;
}
