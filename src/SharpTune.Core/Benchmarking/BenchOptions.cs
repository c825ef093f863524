namespace SharpTune.Core.Benchmarking;

/// <summary>`sharptune bench` settings: the PyTorch peer's flags and defaults, so both run the same experiment.</summary>
public sealed record BenchOptions
{
    public string Config { get; init; } = "tiny";
    public string Mode { get; init; } = "full";
    public int LoraRank { get; init; } = 8;
    public double LoraAlpha { get; init; } = 16;
    public double LoraDropout { get; init; } = 0.05;
    public string LoraTargets { get; init; } = "q_proj,v_proj";
    public int SeqLen { get; init; } = 256;
    public int Batch { get; init; } = 8;
    public int Steps { get; init; } = 10;
    public int Warmup { get; init; } = 2;
    public string Dtype { get; init; } = "float32";
    /// <summary>
    /// lora: dtype the frozen base is held in; null = the compute dtype. SharpTune computes a LoRA model in its base's
    /// dtype, as `train --bf16` (and LLaMA-Factory's bf16, which loads the model in bf16) does; the peer's default is a
    /// float32 base under bf16 autocast, which SharpTune does not implement.
    /// </summary>
    public string? BaseDtype { get; init; }
    public int Threads { get; init; } = 2;
    public int PromptLen { get; init; } = 128;
    public int NewTokens { get; init; } = 64;
    public double Lr { get; init; } = 1e-4;
    public long Seed { get; init; } = 1234;
    /// <summary>SharpTune's own flag (the peer has none): activation checkpointing per layer.</summary>
    public bool GradientCheckpointing { get; init; }
}
