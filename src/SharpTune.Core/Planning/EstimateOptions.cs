// The inputs of `sharptune estimate`, with LLaMA-Factory's argument names where one exists
// (finetuning_type, lora_rank, lora_target, freeze_trainable_layers, quantization_bit, cutoff_len,
// per_device_train_batch_size, gradient_checkpointing, num_train_epochs).
using System.Globalization;

namespace SharpTune.Core.Planning;

/// <summary>What run to estimate: model, method and its options, precision, optimizer, batch, tokens and hardware.</summary>
public sealed record EstimateOptions
{
    public string Model { get; init; } = "7B";
    public string FinetuningType { get; init; } = "lora";
    public int LoraRank { get; init; } = 8;
    /// <summary>Comma-separated linear layers, or all (every linear layer except lm_head, LLaMA-Factory's default).</summary>
    public string LoraTarget { get; init; } = "all";
    public bool UseDora { get; init; }
    public int FreezeTrainableLayers { get; init; } = 2;
    public string FreezeTrainableModules { get; init; } = "all";
    public string? FreezeExtraModules { get; init; }
    public int NumVirtualTokens { get; init; } = 20;
    public bool PrefixProjection { get; init; }
    public int? EncoderHiddenSize { get; init; }
    public string AdapterType { get; init; } = "houlsby";
    public int AdapterSize { get; init; } = 64;
    /// <summary>QLoRA: the frozen base's linear layers in 4 or 8 bits (null = not quantized).</summary>
    public int? QuantizationBit { get; init; }
    public string Precision { get; init; } = "amp-bf16";
    public string Optimizer { get; init; } = "adamw";
    /// <summary>The optimizer step runs inside backward, one parameter at a time (torchtune's optimizer_in_bwd): no full gradient buffer.</summary>
    public bool OptimizerInBwd { get; init; }
    public int PerDeviceTrainBatchSize { get; init; } = 1;
    public int CutoffLen { get; init; } = 1024;
    public bool GradientCheckpointing { get; init; }
    /// <summary>Tokens trained on in all (null: dataset_tokens × num_train_epochs).</summary>
    public double? Tokens { get; init; }
    public double? DatasetTokens { get; init; }
    public double NumTrainEpochs { get; init; } = 3;
    public string Hardware { get; init; } = "a100-80g";
    public int NumDevices { get; init; } = 1;
    /// <summary>DeepSpeed ZeRO stage across devices: 0 replicates everything, 3 shards weights, gradients and optimizer state.</summary>
    public int ZeroStage { get; init; } = 3;
    /// <summary>Model FLOPs utilisation, 0..1 (null: the hardware's default).</summary>
    public double? Mfu { get; init; }
    /// <summary>Price per device-hour in USD (null: the catalogue's indicative price).</summary>
    public double? Price { get; init; }

    public static readonly IReadOnlyList<string> Methods = ["full", "freeze", "lora", "prompt_tuning", "prefix_tuning", "adapter"];
    public static readonly IReadOnlyList<string> Precisions = ["fp32", "amp-bf16", "pure-bf16"];
    public static readonly IReadOnlyList<string> Optimizers = ["adamw", "adamw-8bit", "paged-adamw-8bit", "sgd"];
    public static readonly IReadOnlyList<string> LinearNames = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "lm_head"];

    /// <summary>Tokens the run trains on: --tokens, else --dataset_tokens × --num_train_epochs, else 0 (memory only).</summary>
    public double TrainTokens => Tokens ?? (DatasetTokens ?? 0) * NumTrainEpochs;

    /// <summary>Checks every value and names the flag and what it accepts.</summary>
    public EstimateOptions Validate()
    {
        OneOf("--finetuning_type", FinetuningType, Methods);
        OneOf("--precision", Precision, Precisions);
        OneOf("--optimizer", Optimizer, Optimizers);
        OneOf("--adapter_type", AdapterType, ["houlsby", "pfeiffer"]);
        Positive("--lora_rank", LoraRank);
        Positive("--num_virtual_tokens", NumVirtualTokens);
        Positive("--adapter_size", AdapterSize);
        Positive("--per_device_train_batch_size", PerDeviceTrainBatchSize);
        Positive("--cutoff_len", CutoffLen);
        Positive("--num_devices", NumDevices);
        if (EncoderHiddenSize is { } e) Positive("--encoder_hidden_size", e);
        if (FreezeTrainableLayers == 0) throw new ArgumentException("--freeze_trainable_layers must not be 0 (N > 0 trains the last N layers, N < 0 the first |N|)");
        if (ZeroStage is < 0 or > 3) throw new ArgumentException($"--zero_stage {ZeroStage} is not one of 0, 1, 2, 3");
        NonNegative("--tokens", Tokens);
        NonNegative("--dataset_tokens", DatasetTokens);
        NonNegative("--num_train_epochs", NumTrainEpochs);
        NonNegative("--price", Price);
        if (Mfu is { } m && m is not (> 0 and <= 1)) throw new ArgumentException($"--mfu {Num(m)} must be in (0, 1] (a share of the device's peak, e.g. 0.4)");
        if (Tokens is not null && DatasetTokens is not null) throw new ArgumentException("--tokens and --dataset_tokens exclude each other (give the total, or the dataset size with --num_train_epochs)");
        if (QuantizationBit is { } q)
        {
            if (q is not (4 or 8)) throw new ArgumentException($"--quantization_bit {q} is not one of 4, 8");
            if (FinetuningType != "lora") throw new ArgumentException($"--quantization_bit applies to --finetuning_type lora (QLoRA), not {FinetuningType}");
        }
        if (FinetuningType != "lora") RequireDefault("lora", LoraRank != 8, "--lora_rank", LoraTarget != "all", "--lora_target", UseDora, "--use_dora");
        if (FinetuningType != "freeze") RequireDefault("freeze", FreezeTrainableLayers != 2, "--freeze_trainable_layers", FreezeTrainableModules != "all", "--freeze_trainable_modules", FreezeExtraModules is not null, "--freeze_extra_modules");
        if (FinetuningType is not ("prompt_tuning" or "prefix_tuning") && NumVirtualTokens != 20)
            throw new ArgumentException($"--num_virtual_tokens applies to --finetuning_type prompt_tuning or prefix_tuning, not {FinetuningType}");
        if (FinetuningType != "prefix_tuning") RequireDefault("prefix_tuning", PrefixProjection, "--prefix_projection", EncoderHiddenSize is not null, "--encoder_hidden_size", false, "");
        if (FinetuningType != "adapter") RequireDefault("adapter", AdapterType != "houlsby", "--adapter_type", AdapterSize != 64, "--adapter_size", false, "");
        if (FinetuningType == "lora") LoraTargets();
        return this;
    }

    /// <summary>The LoRA target layers ("all" = the seven linear layers of a block).</summary>
    public IReadOnlyList<string> LoraTargets()
    {
        var names = LoraTarget.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 1 && names[0] == "all") return LinearNames.Take(7).ToList();
        foreach (var n in names)
            if (!LinearNames.Contains(n)) throw new ArgumentException($"--lora_target '{n}' is not one of all, {string.Join(", ", LinearNames)}");
        return names.Length > 0 ? names : throw new ArgumentException($"--lora_target is empty (give all or some of {string.Join(", ", LinearNames)})");
    }

    void RequireDefault(string method, bool a, string fa, bool b, string fb, bool c, string fc)
    {
        string? flag = a ? fa : b ? fb : c ? fc : null;
        if (flag is not null) throw new ArgumentException($"{flag} applies to --finetuning_type {method}, not {FinetuningType}");
    }

    static void OneOf(string flag, string value, IReadOnlyList<string> accepted)
    {
        if (!accepted.Contains(value)) throw new ArgumentException($"{flag} '{value}' is not one of {string.Join(", ", accepted)}");
    }

    static void Positive(string flag, int value)
    {
        if (value <= 0) throw new ArgumentException($"{flag} must be a positive integer, got {value}");
    }

    static void NonNegative(string flag, double? value)
    {
        if (value is { } v && !(v >= 0 && double.IsFinite(v))) throw new ArgumentException($"{flag} must be a non-negative number, got {Num(v)}");
    }

    static string Num(double v) => v.ToString(CultureInfo.InvariantCulture);
}
