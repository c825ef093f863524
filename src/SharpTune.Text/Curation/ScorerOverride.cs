namespace SharpTune.Text.Curation;

/// <summary>One scorer's entry in a rules YAML file; null keeps the default.</summary>
public sealed record ScorerOverride
{
    /// <summary>false removes the scorer.</summary>
    public bool? Enabled { get; init; }

    /// <summary>The acceptance bound.</summary>
    public double? Threshold { get; init; }

    /// <summary>Whether failing rejects outright.</summary>
    public bool? Hard { get; init; }

    /// <summary>Weight in the combined score.</summary>
    public double? Weight { get; init; }
}
