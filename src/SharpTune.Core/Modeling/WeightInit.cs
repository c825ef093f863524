// Random initialisation of a fresh model, as Hugging Face LlamaPreTrainedModel._init_weights: every Linear and
// Embedding weight ~ N(0, initializer_range), biases 0, the padding row of embed_tokens 0, RMSNorm weights 1.
using TorchSharp;
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

public static class WeightInit
{
    /// <summary>HF's default initializer_range when config.json has none.</summary>
    public const double DefaultInitializerRange = 0.02;

    /// <summary>
    /// Initialises <paramref name="model"/>'s base weights in state-dict order from one generator seeded with
    /// <paramref name="seed"/>, so the same seed always gives the same weights on one machine.
    /// <paramref name="include"/> selects the parameters (adapter weights keep their own initialisation).
    /// </summary>
    public static void init_weights(LlamaForCausalLM model, long seed, Func<string, bool>? include = null)
    {
        double std = initializer_range(model);
        using var gen = new Generator((ulong)seed);
        using var _ = no_grad();
        foreach (var (name, p) in model.named_parameters())
        {
            if (include?.Invoke(name) == false) continue;
            if (name.EndsWith(".bias", StringComparison.Ordinal)) p.zero_();
            else if (p.dim() == 1) p.fill_(1.0);                                         // RMSNorm
            else
            {
                // sampled in float32 then cast, so a bf16 model gets the float32 draws rounded
                using var draw = empty(p.shape, ScalarType.Float32).normal_(0, std, gen);
                p.copy_(draw);
            }
        }
        if (model.config.PadTokenId is { } pad && pad >= 0 && pad < model.config.VocabSize)
        {
            using var row = model.model.embed_tokens.weight![pad];
            row.zero_();                                                                 // nn.Embedding(padding_idx)
        }
    }

    /// <summary>config.json's initializer_range, or 0.02.</summary>
    public static double initializer_range(LlamaForCausalLM model)
    {
        var node = model.config.Raw["initializer_range"];
        if (node is null) return DefaultInitializerRange;
        double v = node.GetValue<double>();
        if (!(v > 0) || !double.IsFinite(v)) throw new ArgumentException($"config.json: initializer_range must be a positive number, got {v}");
        return v;
    }
}
