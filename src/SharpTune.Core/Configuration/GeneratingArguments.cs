using System.ComponentModel;
using SharpTune.Core.Generation;

namespace SharpTune.Core.Configuration;

/// <summary>
/// Decoding settings with LLaMA-Factory's names. Unlike LLaMA-Factory (which samples by default), SharpTune
/// decodes greedily unless do_sample is true, so results are reproducible.
/// </summary>
public sealed record GeneratingArguments
{
    [Description("Sample instead of greedy decoding.")]
    public bool DoSample { get; init; }

    [Description("Softmax temperature when sampling.")]
    public double Temperature { get; init; } = 0.95;

    [Description("Nucleus sampling: keep the smallest set of tokens with this total probability.")]
    public double TopP { get; init; } = 0.7;

    [Description("Keep only the k most likely tokens when sampling (0 = all).")]
    public int TopK { get; init; } = 50;

    [Description("Maximum number of new tokens.")]
    public int MaxNewTokens { get; init; } = 128;

    [Description("CTRL repetition penalty (1.0 = none).")]
    public double RepetitionPenalty { get; init; } = 1.0;

    [Description("Seed of the sampler.")]
    public long Seed { get; init; } = 42;

    [Description("Leave special tokens out of decoded text.")]
    public bool SkipSpecialTokens { get; init; } = true;

    /// <summary>The generator's options; EOS and pad come from the model / tokenizer.</summary>
    public GenerationOptions ToOptions(IReadOnlyList<long> eos, long pad) => new()
    {
        MaxNewTokens = MaxNewTokens, DoSample = DoSample, Temperature = Temperature, TopK = DoSample ? TopK : 0,
        TopP = DoSample ? TopP : 1.0, RepetitionPenalty = RepetitionPenalty, Seed = Seed, EosTokenIds = eos, PadTokenId = pad,
    };
}
