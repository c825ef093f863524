// Parameter counts from a config alone, module by module as SharpTune's LlamaForCausalLM and PeftBuilder build
// them (and as Hugging Face / PEFT count them): embed_tokens, lm_head unless tied, per layer q/k/v/o (+ biases),
// gate/up/down (+ biases), two RMSNorms, the final norm; LoRA r·(in + out) per target (+ out for DoRA's magnitude);
// prompt tuning P·H; prefix tuning P·2·L·kv·hd (or its projection MLP); bottleneck adapters (H·s + s + s·H + H) each.
using SharpTune.Core.Checkpoints;

namespace SharpTune.Core.Planning;

public static class ParameterCounter
{
    /// <summary>The modules inside a decoder layer that freeze_trainable_modules may name.</summary>
    public static readonly IReadOnlyList<string> LayerModules = ["input_layernorm", "mlp", "post_attention_layernorm", "self_attn"];

    /// <summary>(in, out, bias) of one linear layer of a block, by name; lm_head is (H, V).</summary>
    public static (long In, long Out, bool Bias) Linear(ModelConfig c, string name)
    {
        long h = c.HiddenSize, q = (long)c.NumAttentionHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim, i = c.IntermediateSize;
        return name switch
        {
            "q_proj" => (h, q, c.QkvBias),
            "k_proj" or "v_proj" => (h, kv, c.QkvBias),
            "o_proj" => (q, h, c.OutputBias),
            "gate_proj" or "up_proj" => (h, i, c.MlpBias),
            "down_proj" => (i, h, c.MlpBias),
            "lm_head" => (h, c.VocabSize, false),
            _ => throw new ArgumentException($"'{name}' is not a linear layer of the model"),
        };
    }

    static readonly string[] AttentionLinears = ["q_proj", "k_proj", "v_proj", "o_proj"];
    static readonly string[] MlpLinears = ["gate_proj", "up_proj", "down_proj"];

    static long Weights(ModelConfig c, IEnumerable<string> names) => names.Sum(n => { var (i, o, _) = Linear(c, n); return i * o; });
    static long WithBiases(ModelConfig c, IEnumerable<string> names) => names.Sum(n => { var (i, o, b) = Linear(c, n); return i * o + (b ? o : 0); });

    public static ParameterCounts Count(ModelConfig c, EstimateOptions o)
    {
        long h = c.HiddenSize, v = c.VocabSize, L = c.NumHiddenLayers;
        long attention = WithBiases(c, AttentionLinears), mlp = WithBiases(c, MlpLinears), norm = h;
        long layer = attention + mlp + 2 * norm;
        long embed = v * h, head = c.TieWordEmbeddings ? 0 : v * h;
        long baseTotal = embed + head + L * layer + norm;
        long layerLinear = L * Weights(c, [.. AttentionLinears, .. MlpLinears]);
        long matmul = layerLinear + v * h;
        long largestLayerTensor = AttentionLinears.Concat(MlpLinears).Max(n => { var (i, out_, _) = Linear(c, n); return i * out_; });
        var counts = new ParameterCounts
        {
            Base = baseTotal, Adapter = 0, TrainableBase = 0, LayerLinear = layerLinear, MatmulWeights = matmul, TrainableMatmul = 0,
            LargestTrainableTensor = 0,
        };
        switch (o.FinetuningType)
        {
            case "full":
                return counts with { TrainableBase = baseTotal, TrainableMatmul = matmul, LargestTrainableTensor = Math.Max(embed, largestLayerTensor) };
            case "freeze":
                return Freeze(c, o, counts, attention, mlp, norm, embed, head);
            case "lora":
            {
                var targets = o.LoraTargets();
                if (targets.Contains("lm_head") && c.TieWordEmbeddings)
                    throw new ArgumentException("--lora_target lm_head: the model ties lm_head to embed_tokens, so it has no lm_head layer");
                long perLayer = targets.Where(t => t != "lm_head").Sum(t => Lora(c, t, o)), adapter = L * perLayer + (targets.Contains("lm_head") ? Lora(c, "lm_head", o) : 0);
                return counts with { Adapter = adapter, TrainableMatmul = adapter, LargestTrainableTensor = LargestLora(c, targets, o) };
            }
            case "prompt_tuning":
                return counts with { Adapter = o.NumVirtualTokens * h, LargestTrainableTensor = o.NumVirtualTokens * h };
            case "prefix_tuning":
            {
                long token = (long)c.NumKeyValueHeads * c.HeadDim, outDim = 2 * L * token, p = o.NumVirtualTokens;
                long enc = o.EncoderHiddenSize ?? token;
                long adapter = o.PrefixProjection ? p * token + token * enc + enc + enc * outDim + outDim : p * outDim;
                return counts with { Adapter = adapter, LargestTrainableTensor = o.PrefixProjection ? enc * outDim : p * outDim };
            }
            default:
            {
                long s = o.AdapterSize, perAdapter = h * s + s + s * h + h;
                long adapter = L * (o.AdapterType == "houlsby" ? 2 : 1) * perAdapter;
                return counts with { Adapter = adapter, TrainableMatmul = adapter - L * (o.AdapterType == "houlsby" ? 2 : 1) * (s + h), LargestTrainableTensor = h * s };
            }
        }
    }

    static long Lora(ModelConfig c, string name, EstimateOptions o)
    {
        var (i, out_, _) = Linear(c, name);
        return o.LoraRank * (i + out_) + (o.UseDora ? out_ : 0);
    }

    static long LargestLora(ModelConfig c, IReadOnlyList<string> targets, EstimateOptions o) =>
        targets.Max(t => { var (i, out_, _) = Linear(c, t); return o.LoraRank * Math.Max(i, out_); });

    /// <summary>The decoder layers freeze tuning trains: the last N for N &gt; 0, the first |N| for N &lt; 0.</summary>
    public static (int First, int Count) FreezeLayers(ModelConfig c, int n)
    {
        int L = c.NumHiddenLayers;
        return n > 0 ? (Math.Max(0, L - n), Math.Min(n, L)) : (0, Math.Min(-n, L));
    }

    static ParameterCounts Freeze(ModelConfig c, EstimateOptions o, ParameterCounts counts, long attention, long mlp, long norm, long embed, long head)
    {
        var (_, layers) = FreezeLayers(c, o.FreezeTrainableLayers);
        var modules = o.FreezeTrainableModules.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool all = modules.Contains("all");
        foreach (var m in modules)
            if (m != "all" && !LayerModules.Contains(m))
                throw new ArgumentException($"--freeze_trainable_modules '{m}' is not one of all, {string.Join(", ", LayerModules)}");
        long perLayer = 0, perLayerMatmul = 0, largest = 0;
        if (all || modules.Contains("self_attn")) { perLayer += attention; perLayerMatmul += Weights(c, AttentionLinears); largest = Math.Max(largest, Weights(c, ["q_proj"])); }
        if (all || modules.Contains("mlp")) { perLayer += mlp; perLayerMatmul += Weights(c, MlpLinears); largest = Math.Max(largest, Weights(c, ["gate_proj"])); }
        if (all || modules.Contains("input_layernorm")) perLayer += norm;
        if (all || modules.Contains("post_attention_layernorm")) perLayer += norm;
        long trainable = layers * perLayer, trainableMatmul = layers * perLayerMatmul;
        var extraAccepted = c.TieWordEmbeddings ? new[] { "embed_tokens", "norm" } : ["embed_tokens", "lm_head", "norm"];
        foreach (var m in (o.FreezeExtraModules ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!extraAccepted.Contains(m)) throw new ArgumentException($"--freeze_extra_modules '{m}' is not one of {string.Join(", ", extraAccepted)}");
            long n = m switch { "embed_tokens" => embed, "lm_head" => head, _ => norm };
            trainable += n;
            if (m == "lm_head") trainableMatmul += head;
            largest = Math.Max(largest, n);
        }
        return counts with { TrainableBase = trainable, TrainableMatmul = trainableMatmul, LargestTrainableTensor = largest };
    }
}
