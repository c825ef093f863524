namespace SharpTune.Core.Planning;

/// <summary>
/// Parameter counts of a model set up for a method. <see cref="Base"/> is the model itself; <see cref="Adapter"/> the
/// method's added parameters (LoRA A / B, prompt or prefix embeddings, bottleneck adapters); <see cref="Total"/> both, as
/// PEFT's print_trainable_parameters and SharpTune's ParameterReport count them.
/// </summary>
public sealed record ParameterCounts
{
    public required long Base { get; init; }
    public required long Adapter { get; init; }
    /// <summary>Base parameters that train (full: all; freeze: the chosen layers and modules; else 0).</summary>
    public required long TrainableBase { get; init; }
    /// <summary>Weights of the decoder layers' linear projections: what QLoRA quantizes.</summary>
    public required long LayerLinear { get; init; }
    /// <summary>Weights every token multiplies by: the layers' linear projections plus lm_head (tied or not).</summary>
    public required long MatmulWeights { get; init; }
    /// <summary>Of <see cref="MatmulWeights"/>, those that train (base or LoRA), whose weight gradient costs 2 FLOPs per weight per token.</summary>
    public required long TrainableMatmul { get; init; }
    /// <summary>The largest single trainable tensor (the gradient kept when the optimizer steps inside backward).</summary>
    public required long LargestTrainableTensor { get; init; }

    public long Total => Base + Adapter;
    public long Trainable => TrainableBase + Adapter;
}
