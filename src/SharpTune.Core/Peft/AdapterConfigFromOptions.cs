// Turns LLaMA-Factory-style arguments into the adapter_config.json PEFT would write for a new adapter
// (LLaMA-Factory model/adapter.py _setup_lora_tuning: lora_target "all" = every linear layer except lm_head).
using SharpTune.Core.Checkpoints;

namespace SharpTune.Core.Peft;

internal static class AdapterConfigFromOptions
{
    /// <summary>The linear layers of the Llama family, in HF order (what lora_target "all" expands to).</summary>
    public static readonly IReadOnlyList<string> AllLinear = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    /// <summary>The config of a new adapter, or null for full / freeze tuning.</summary>
    public static AdapterConfig? Create(FinetuningOptions o, ModelConfig c, string baseDir)
    {
        var modulesToSave = FinetuningOptions.SplitList(o.AdditionalTarget);
        var common = new AdapterConfig { PeftType = AdapterConfig.Lora, BaseModelNameOrPath = baseDir, ModulesToSave = modulesToSave };
        return o.FinetuningType switch
        {
            "lora" => common with
            {
                R = o.LoraRank,
                LoraAlpha = o.EffectiveLoraAlpha,
                LoraDropout = o.LoraDropout,
                TargetModules = LoraTargets(o.LoraTarget),
                UseRslora = o.UseRslora,
                UseDora = o.UseDora,
            },
            "prompt_tuning" => common with
            {
                PeftType = AdapterConfig.PromptTuning,
                NumVirtualTokens = o.NumVirtualTokens,
                TokenDim = c.HiddenSize,
                NumLayers = c.NumHiddenLayers,
                NumAttentionHeads = c.NumAttentionHeads,
                PromptTuningInit = o.PromptTuningInitText is null ? "RANDOM" : "TEXT",
                PromptTuningInitText = o.PromptTuningInitText,
            },
            "prefix_tuning" => common with
            {
                PeftType = AdapterConfig.PrefixTuning,
                NumVirtualTokens = o.NumVirtualTokens,
                TokenDim = c.NumKeyValueHeads * c.HeadDim,                 // grouped-query: key/value width, as PEFT ≥ 0.12
                NumLayers = c.NumHiddenLayers,
                NumAttentionHeads = c.NumKeyValueHeads,
                EncoderHiddenSize = o.EncoderHiddenSize ?? c.NumKeyValueHeads * c.HeadDim,
                PrefixProjection = o.PrefixProjection,
            },
            "adapter" => common with
            {
                PeftType = AdapterConfig.Bottleneck,
                AdapterType = o.AdapterType,
                AdapterSize = o.AdapterSize,
                NonLinearity = o.AdapterAct,
            },
            _ => null,
        };
    }

    static IReadOnlyList<string> LoraTargets(string target)
    {
        var names = FinetuningOptions.SplitList(target);
        if (names.Contains("all")) return names.Count == 1 ? AllLinear : throw new ArgumentException("lora_target 'all' cannot be combined with other names");
        return names;
    }

    /// <summary>finetuning_type of a saved adapter.</summary>
    public static string MethodOf(string peftType) => peftType switch
    {
        AdapterConfig.Lora => "lora",
        AdapterConfig.PromptTuning => "prompt_tuning",
        AdapterConfig.PrefixTuning => "prefix_tuning",
        AdapterConfig.Bottleneck => "adapter",
        _ => throw new NotSupportedException($"peft_type '{peftType}' is not supported"),
    };
}
