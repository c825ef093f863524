// Memory per device of one training step (bytes → GB). Parameter terms follow the byte counts of EleutherAI's
// "Transformer Math 101" and LLaMA-Factory's table (full AMP = 4 fp32 master + 4 grad + 8 Adam + 2 bf16 copy = 18 B per
// parameter; pure bf16 = 2 + 2 + 4 = 8; LoRA = the frozen base in 16 bits; QLoRA = the layers' linears in 4 / 8 bits plus
// quantization constants). Activations count the tensors SharpTune's Llama layer keeps for backward, the way Korthikanti
// et al. (arXiv 2205.05198) count a GPT block, per token and layer (elements):
//   always          2·H (the two RMSNorm inputs) + q + 2·kv (rotated q, k and v) + q (attention output, flash-style: no
//                   T × T probabilities) + 2·I (SwiGLU's two inputs; silu is recomputed)
//   + H             when a q/k/v projection trains (its input, the normed hidden state)
//   + H             when gate/up train;  + I when down_proj trains (the SwiGLU product)
//   + r per LoRA target (the down-projection's output), + H + 2·s per bottleneck adapter (its float32 input and bottleneck)
// Layers below the lowest one that trains keep nothing. Under recomputation each active layer keeps its input (H) and
// one layer is live at a time. The loss keeps the final norm's input and output (2·H) and works in row chunks of ~4 M
// float32 logits (ChunkedCrossEntropy), so the (B, T, V) logits never exist.
using SharpTune.Core.Checkpoints;

namespace SharpTune.Core.Planning;

public static class MemoryModel
{
    /// <summary>bitsandbytes NF4 with double quantization: 4 bits plus 8/64 + 32/(64·256) bits of constants per weight.</summary>
    public const double Nf4BytesPerWeight = (4 + 8.0 / 64 + 32.0 / (64 * 256)) / 8;

    public static MemoryBreakdown Compute(ModelConfig c, ParameterCounts p, EstimateOptions o, HardwareProfile hw)
    {
        bool pure = o.Precision == "pure-bf16", fp32 = o.Precision == "fp32";
        double baseBytes = fp32 ? 4 : 2;
        double adapterBytes = pure && !hw.IsCpu ? 2 : 4;                              // adapters train in fp32 except under pure bf16 (SharpTune: always fp32)
        long frozen = p.Base - p.TrainableBase;
        double weights = frozen * baseBytes + p.Adapter * adapterBytes + p.TrainableBase * (o.Precision == "amp-bf16" ? 4 + 2 : baseBytes);
        if (o.QuantizationBit is { } bits)
            weights -= p.LayerLinear * baseBytes - p.LayerLinear * (bits == 4 ? Nf4BytesPerWeight : 1.0);

        double gradBase = pure ? 2 : 4;
        double gradients = o.OptimizerInBwd
            ? p.LargestTrainableTensor * (p.TrainableBase > 0 ? gradBase : adapterBytes)
            : p.TrainableBase * gradBase + p.Adapter * adapterBytes;
        double stateBase = pure ? 2 : 4;
        double optimizer = o.Optimizer switch
        {
            "adamw" => 2 * (p.TrainableBase * stateBase + p.Adapter * adapterBytes),
            "sgd" => p.TrainableBase * stateBase + p.Adapter * adapterBytes,
            _ => 2.0 * p.Trainable,                                                      // 8-bit Adam: one byte per moment
        };
        double host = 0;
        if (o.Optimizer == "paged-adamw-8bit") (host, optimizer) = (optimizer, 0);

        if (o.NumDevices > 1)
        {
            if (o.ZeroStage >= 1) optimizer /= o.NumDevices;
            if (o.ZeroStage >= 2) gradients /= o.NumDevices;
            if (o.ZeroStage >= 3) weights /= o.NumDevices;
        }

        var a = Activations(c, p, o);
        double actUsed = o.GradientCheckpointing ? a.Recompute : a.NoRecompute;
        return new MemoryBreakdown
        {
            Weights = Gb(weights), Gradients = Gb(gradients), OptimizerState = Gb(optimizer), Activations = Gb(actUsed),
            ActivationsNoRecompute = Gb(a.NoRecompute), ActivationsRecompute = Gb(a.Recompute), ActivationsKorthikantiGpt = Gb(a.Korthikanti),
            Temporary = Gb(a.Temporary), FrameworkOverhead = hw.OverheadGb, HostOptimizerState = Gb(host),
        };
    }

    static double Gb(double bytes) => bytes / 1e9;

    /// <summary>Activation bytes without and with recomputation, Korthikanti's GPT figure, and the transient buffers.</summary>
    public static (double NoRecompute, double Recompute, double Korthikanti, double Temporary) Activations(ModelConfig c, ParameterCounts p, EstimateOptions o)
    {
        double act = o.Precision == "fp32" ? 4 : 2;
        long h = c.HiddenSize, q = (long)c.NumAttentionHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim, i = c.IntermediateSize;
        long seq = o.CutoffLen + (o.FinetuningType == "prompt_tuning" ? o.NumVirtualTokens : 0);
        double tokens = (double)o.PerDeviceTrainBatchSize * seq;
        var (first, _) = ActiveLayers(c, o);
        int active = c.NumHiddenLayers - first;
        var trains = TrainedLinears(o);

        double perToken = (2 * h + q + 2 * kv + q + 2 * i) * act;
        if (trains.Overlaps(["q_proj", "k_proj", "v_proj"])) perToken += h * act;
        if (trains.Overlaps(["gate_proj", "up_proj"])) perToken += h * act;
        if (trains.Contains("down_proj")) perToken += i * act;
        if (o.FinetuningType == "lora") perToken += o.LoraTargets().Count(t => t != "lm_head") * o.LoraRank * 4.0;
        if (o.FinetuningType == "adapter") perToken += (o.AdapterType == "houlsby" ? 2 : 1) * (h + 2.0 * o.AdapterSize) * 4;
        double layer = perToken * tokens;
        if (o.FinetuningType == "prefix_tuning") layer += 2.0 * kv * o.NumVirtualTokens * o.PerDeviceTrainBatchSize * act;

        double final = 2 * h * act * tokens;
        double noRecompute = active * layer + final;
        double recompute = active * h * act * tokens + layer + final;
        double korthikanti = c.NumHiddenLayers * (double)seq * o.PerDeviceTrainBatchSize * h * (34 + 5.0 * c.NumAttentionHeads * seq / h);
        double chunkRows = Math.Min(tokens, Math.Max(1, (4L << 20) / c.VocabSize));
        double temporary = 2 * chunkRows * c.VocabSize * 4 + layer;
        return (noRecompute, recompute, korthikanti, temporary);
    }

    /// <summary>The first decoder layer gradients flow through: the lowest trainable layer under freeze tuning, else 0.</summary>
    public static (int First, int Count) ActiveLayers(ModelConfig c, EstimateOptions o)
    {
        if (o.FinetuningType != "freeze" || o.FreezeExtraModules?.Contains("embed_tokens", StringComparison.Ordinal) == true) return (0, c.NumHiddenLayers);
        var (first, count) = ParameterCounter.FreezeLayers(c, o.FreezeTrainableLayers);
        return (first, count);
    }

    /// <summary>The linear layers whose weights (or LoRA adapters) train, so their inputs are kept.</summary>
    public static HashSet<string> TrainedLinears(EstimateOptions o)
    {
        string[] all = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];
        return o.FinetuningType switch
        {
            "full" => [.. all],
            "lora" => [.. o.LoraTargets()],
            "freeze" => [.. o.FreezeTrainableModules.Split(',', StringSplitOptions.TrimEntries) is var m && m.Contains("all") ? all
                : (m.Contains("self_attn") ? all[..4] : []).Concat(m.Contains("mlp") ? all[4..] : [])],
            _ => [],
        };
    }
}
