// Training FLOPs per token. Matmul weights N = the layers' linear projections plus lm_head (the embedding lookup costs
// no FLOPs): forward 2·N, backward 2·N for the activation gradients and 2 per trainable weight for the weight
// gradients, so full fine-tuning is 6·N (Kaplan et al.; EleutherAI "Transformer Math 101") and a frozen base with
// LoRA 4·N + 2·(adapter weights) (the count SharpTune's bench and the PyTorch peer use). Attention adds
// 12·L·n_head·d_head·T per token (4 forward, 8 backward; PaLM appendix B, nanoGPT's estimate_mfu). Under freeze tuning
// backward stops at the lowest trainable layer; recomputation adds one more forward of the active layers.
using SharpTune.Core.Checkpoints;

namespace SharpTune.Core.Planning;

public static class FlopsModel
{
    /// <summary>(forward, backward, recomputation) FLOPs per trained token.</summary>
    public static (double Forward, double Backward, double Recompute) PerToken(ModelConfig c, ParameterCounts p, EstimateOptions o)
    {
        long seq = o.CutoffLen + (o.FinetuningType == "prompt_tuning" ? o.NumVirtualTokens : 0);
        long qdim = (long)c.NumAttentionHeads * c.HeadDim;
        int L = c.NumHiddenLayers;
        double layerWeights = (double)p.LayerLinear / L;
        double attention = 4.0 * qdim * seq;                                             // per layer, forward
        double adapterMatmul = o.FinetuningType is "lora" or "adapter" ? p.TrainableMatmul : 0;
        var (first, _) = MemoryModel.ActiveLayers(c, o);
        int active = L - first;
        double lmHead = (double)c.VocabSize * c.HiddenSize;

        double forward = 2.0 * (p.MatmulWeights + adapterMatmul) + L * attention;
        double backward = 2.0 * (active * layerWeights + lmHead + adapterMatmul) + 2.0 * p.TrainableMatmul + active * 2 * attention;
        double recompute = o.GradientCheckpointing ? active * (2.0 * layerWeights + attention) + 2.0 * adapterMatmul : 0;
        return (forward, backward, recompute);
    }

    public static double Total(ModelConfig c, ParameterCounts p, EstimateOptions o)
    {
        var (f, b, r) = PerToken(c, p, o);
        return f + b + r;
    }
}
