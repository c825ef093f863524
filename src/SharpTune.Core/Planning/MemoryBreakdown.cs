namespace SharpTune.Core.Planning;

/// <summary>Memory of one device in GB (10⁹ bytes), by what holds it. <see cref="Total"/> is what must fit.</summary>
public sealed record MemoryBreakdown
{
    public required double Weights { get; init; }
    public required double Gradients { get; init; }
    public required double OptimizerState { get; init; }
    /// <summary>Activations kept for backward under the chosen setting (recomputation or not).</summary>
    public required double Activations { get; init; }
    /// <summary>The same count without recomputation, and with full recomputation (each layer's input only, plus one layer live).</summary>
    public required double ActivationsNoRecompute { get; init; }
    public required double ActivationsRecompute { get; init; }
    /// <summary>Korthikanti et al.'s GPT formula L·s·b·h·(34 + 5·a·s/h) bytes in 16 bits, for comparison (a 4h GELU MLP, no flash attention).</summary>
    public required double ActivationsKorthikantiGpt { get; init; }
    /// <summary>Transient buffers: the loss's logit chunk and its gradient, and one layer's activation gradients in backward.</summary>
    public required double Temporary { get; init; }
    public required double FrameworkOverhead { get; init; }
    /// <summary>Paged optimizer state that lives in host memory (not counted in <see cref="Total"/>).</summary>
    public required double HostOptimizerState { get; init; }

    public double Total => Weights + Gradients + OptimizerState + Activations + Temporary + FrameworkOverhead;
}
