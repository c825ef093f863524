// Fine-tuning method settings with LLaMA-Factory's argument names (src/llamafactory/hparams/finetuning_args.py):
// each property binds to its snake_case key (`--lora_rank 8` → LoraRank).
using System.ComponentModel;

namespace SharpTune.Core.Peft;

/// <summary>Which parameters a run trains and how (LLaMA-Factory's FinetuningArguments, plus prompt / prefix / adapter tuning).</summary>
public sealed record FinetuningOptions
{
    [Description("Fine-tuning method: lora, full, freeze, prompt_tuning, prefix_tuning or adapter.")]
    public string FinetuningType { get; init; } = "lora";

    [Description("Freeze tuning: N > 0 trains the last N layers, N < 0 the first |N|.")]
    public int FreezeTrainableLayers { get; init; } = 2;

    [Description("Freeze tuning: comma-separated modules inside the trainable layers (self_attn, mlp, …) or all.")]
    public string FreezeTrainableModules { get; init; } = "all";

    [Description("Freeze tuning: comma-separated modules outside the layers to train too (embed_tokens, norm, lm_head).")]
    public string? FreezeExtraModules { get; init; }

    [Description("LoRA rank r.")]
    public int LoraRank { get; init; } = 8;

    [Description("LoRA alpha (default 2 × lora_rank).")]
    public double? LoraAlpha { get; init; }

    [Description("Dropout on the LoRA input.")]
    public double LoraDropout { get; init; }

    [Description("Comma-separated module names to put LoRA on, or all (every linear layer except lm_head).")]
    public string LoraTarget { get; init; } = "all";

    [Description("rsLoRA: scale by alpha / sqrt(r) instead of alpha / r.")]
    public bool UseRslora { get; init; }

    [Description("DoRA: weight-decomposed LoRA (Liu et al. 2024).")]
    public bool UseDora { get; init; }

    [Description("Merge every given adapter into the base and start a new one instead of resuming the last.")]
    public bool CreateNewAdapter { get; init; }

    [Description("Comma-separated modules trained in full and saved with the adapter (PEFT modules_to_save), e.g. embed_tokens,lm_head.")]
    public string? AdditionalTarget { get; init; }

    [Description("Prompt / prefix tuning: number of virtual tokens.")]
    public int NumVirtualTokens { get; init; } = 20;

    [Description("Prompt tuning: initialise the virtual tokens from this text's token embeddings (default: random).")]
    public string? PromptTuningInitText { get; init; }

    [Description("Prefix tuning: train the prefix through a two-layer MLP (folded into plain embeddings when saved).")]
    public bool PrefixProjection { get; init; }

    [Description("Prefix tuning: hidden width of the projection MLP (default: kv_heads × head_dim).")]
    public int? EncoderHiddenSize { get; init; }

    [Description("Bottleneck adapters: houlsby (after attention and after the MLP) or pfeiffer (after the MLP only).")]
    public string AdapterType { get; init; } = "houlsby";

    [Description("Bottleneck adapters: bottleneck width.")]
    public int AdapterSize { get; init; } = 64;

    [Description("Bottleneck adapters: non-linearity relu, gelu or silu.")]
    public string AdapterAct { get; init; } = "relu";

    [Description("New vocabulary size; new rows of embed_tokens / lm_head start from the mean of their base pieces.")]
    public int? ResizeVocab { get; init; }

    [Description("Random seed for adapter initialisation.")]
    public long Seed { get; init; } = 42;

    public static readonly IReadOnlyList<string> Types = ["lora", "full", "freeze", "prompt_tuning", "prefix_tuning", "adapter"];

    [Description("Lora_alpha with its default applied.")]
    public double EffectiveLoraAlpha => LoraAlpha ?? 2.0 * LoraRank;

    [Description("Checks values and names the offending argument.")]
    public FinetuningOptions Validate()
    {
        if (!Types.Contains(FinetuningType))
            throw new ArgumentException($"finetuning_type '{FinetuningType}' is not one of {string.Join(", ", Types)}");
        if (LoraRank <= 0) throw new ArgumentException($"lora_rank must be > 0, got {LoraRank}");
        if (LoraDropout is < 0 or >= 1) throw new ArgumentException($"lora_dropout must be in [0, 1), got {LoraDropout}");
        if (string.IsNullOrWhiteSpace(LoraTarget)) throw new ArgumentException("lora_target is empty (give module names or 'all')");
        if (NumVirtualTokens <= 0) throw new ArgumentException($"num_virtual_tokens must be > 0, got {NumVirtualTokens}");
        if (AdapterType is not ("houlsby" or "pfeiffer")) throw new ArgumentException($"adapter_type '{AdapterType}' is not one of houlsby, pfeiffer");
        if (AdapterSize <= 0) throw new ArgumentException($"adapter_size must be > 0, got {AdapterSize}");
        if (AdapterAct is not ("relu" or "gelu" or "silu")) throw new ArgumentException($"adapter_act '{AdapterAct}' is not one of relu, gelu, silu");
        if (FreezeTrainableLayers == 0) throw new ArgumentException("freeze_trainable_layers must not be 0 (N > 0: last N layers, N < 0: first |N|)");
        if (ResizeVocab is <= 0) throw new ArgumentException($"resize_vocab must be > 0, got {ResizeVocab}");
        return this;
    }

    /// <summary>Splits a comma-separated argument into trimmed, non-empty names.</summary>
    public static IReadOnlyList<string> SplitList(string? value) =>
        value is null ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
