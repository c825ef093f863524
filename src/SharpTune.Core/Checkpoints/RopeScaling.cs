namespace SharpTune.Core.Checkpoints;

/// <summary>`rope_scaling` of a Hugging Face config: "linear" (positions divided by Factor) or "llama3" (frequency bands).</summary>
public sealed record RopeScaling(
    string Type,
    double Factor,
    double LowFreqFactor = 1.0,
    double HighFreqFactor = 4.0,
    int OriginalMaxPositionEmbeddings = 8192);
