namespace SharpTune.Text.Curation.Scoring;

/// <summary>
/// One quality check (OpusFilter's filter contract): a pure function of a sample with a declared direction, a range
/// used to turn the score into a 0–1 cleanliness for ranking, and a default threshold. A hard scorer rejects a sample
/// that fails its threshold outright; a soft one only lowers its rank. A score of NaN means "does not apply" (e.g.
/// language identification on a two-word string) and always passes.
/// </summary>
public sealed record Scorer
{
    /// <summary>Key in the score JSON and in reasons (snake_case).</summary>
    public required string Name { get; init; }

    /// <summary>One sentence for the report and `--help`.</summary>
    public required string Description { get; init; }

    /// <summary>Which way is cleaner.</summary>
    public required ScoreDirection Direction { get; init; }

    /// <summary>The score that maps to the lowest (or, for LowerIsCleaner, the highest) cleanliness.</summary>
    public required double Min { get; init; }

    /// <summary>The other end of the cleanliness scale; scores beyond it are clamped.</summary>
    public required double Max { get; init; }

    /// <summary>The default acceptance bound (inclusive).</summary>
    public required double Threshold { get; init; }

    /// <summary>Whether failing the threshold rejects the sample (otherwise it only ranks).</summary>
    public required bool Hard { get; init; }

    /// <summary>Weight of this score in the combined soft score (0 = not ranked).</summary>
    public double Weight { get; init; } = 1.0;

    /// <summary>The scoring function.</summary>
    public required Func<SampleView, double> Compute { get; init; }

    /// <summary>Whether <paramref name="score"/> passes the threshold (NaN always passes).</summary>
    public bool Accepts(double score) =>
        double.IsNaN(score) || (Direction == ScoreDirection.HigherIsCleaner ? score >= Threshold : score <= Threshold);

    /// <summary>The score mapped onto 0 (worst end of the range) … 1 (cleanest end); NaN stays NaN.</summary>
    public double Cleanliness(double score)
    {
        if (double.IsNaN(score)) return double.NaN;
        double t = Max == Min ? 1.0 : Math.Clamp((score - Min) / (Max - Min), 0.0, 1.0);
        return Direction == ScoreDirection.HigherIsCleaner ? t : 1.0 - t;
    }
}
