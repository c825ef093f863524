// Fine-tuning method settings with LLaMA-Factory's argument names (src/llamafactory/hparams/finetuning_args.py):
// each property maps to the snake_case key in the comment (`--lora_rank 8` → LoraRank).
namespace SharpTune.Core.Peft;

/// <summary>Which parameters a run trains and how (LLaMA-Factory's FinetuningArguments, plus prompt / prefix / adapter tuning).</summary>
public sealed record FinetuningOptions
{
    /// <summary>finetuning_type: lora | full | freeze | prompt_tuning | prefix_tuning | adapter.</summary>
    public string FinetuningType { get; init; } = "lora";

    // --- freeze ---
    /// <summary>freeze_trainable_layers: N &gt; 0 trains the last N layers, N &lt; 0 the first |N|.</summary>
    public int FreezeTrainableLayers { get; init; } = 2;
    /// <summary>freeze_trainable_modules: comma-separated module names inside a layer (self_attn, mlp, …) or "all".</summary>
    public string FreezeTrainableModules { get; init; } = "all";
    /// <summary>freeze_extra_modules: comma-separated modules outside the layers to train too (embed_tokens, norm, lm_head).</summary>
    public string? FreezeExtraModules { get; init; }

    // --- lora / dora ---
    /// <summary>lora_rank.</summary>
    public int LoraRank { get; init; } = 8;
    /// <summary>lora_alpha; null = 2 × lora_rank.</summary>
    public double? LoraAlpha { get; init; }
    /// <summary>lora_dropout (on the LoRA input only).</summary>
    public double LoraDropout { get; init; }
    /// <summary>lora_target: comma-separated module names or "all" (every linear except lm_head).</summary>
    public string LoraTarget { get; init; } = "all";
    /// <summary>use_rslora: scaling alpha / √r instead of alpha / r.</summary>
    public bool UseRslora { get; init; }
    /// <summary>use_dora: weight-decomposed LoRA (Liu et al. 2024).</summary>
    public bool UseDora { get; init; }
    /// <summary>create_new_adapter: merge every given adapter into the base and start a new one (instead of resuming the last).</summary>
    public bool CreateNewAdapter { get; init; }
    /// <summary>additional_target: comma-separated modules trained in full and saved with the adapter (PEFT modules_to_save).</summary>
    public string? AdditionalTarget { get; init; }

    // --- prompt / prefix tuning ---
    /// <summary>num_virtual_tokens.</summary>
    public int NumVirtualTokens { get; init; } = 20;
    /// <summary>prompt_tuning_init_text: initialise prompt embeddings from this text's token embeddings (else random).</summary>
    public string? PromptTuningInitText { get; init; }
    /// <summary>prefix_projection: train the prefix through a two-layer MLP (folded into plain embeddings at save).</summary>
    public bool PrefixProjection { get; init; }
    /// <summary>encoder_hidden_size of the prefix projection MLP; null = hidden size.</summary>
    public int? EncoderHiddenSize { get; init; }

    // --- bottleneck adapters ---
    /// <summary>adapter_type: houlsby (after attention and MLP) | pfeiffer (after the MLP only).</summary>
    public string AdapterType { get; init; } = "houlsby";
    /// <summary>adapter_size: bottleneck width.</summary>
    public int AdapterSize { get; init; } = 64;
    /// <summary>adapter_act: relu | gelu | silu.</summary>
    public string AdapterAct { get; init; } = "relu";

    // --- vocabulary ---
    /// <summary>resize_vocab: the new vocabulary size (null = keep the base model's).</summary>
    public int? ResizeVocab { get; init; }

    /// <summary>Seed for adapter initialisation.</summary>
    public long Seed { get; init; } = 42;

    public static readonly IReadOnlyList<string> Types = ["lora", "full", "freeze", "prompt_tuning", "prefix_tuning", "adapter"];

    /// <summary>lora_alpha with its default applied.</summary>
    public double EffectiveLoraAlpha => LoraAlpha ?? 2.0 * LoraRank;

    /// <summary>Checks values and names the offending argument.</summary>
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
