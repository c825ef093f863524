namespace SharpTune.Text.Metrics;

/// <summary>One ROUGE result on the 0..1 scale, as rouge-score's <c>Score(precision, recall, fmeasure)</c>.</summary>
/// <param name="Precision">Overlap / prediction size.</param>
/// <param name="Recall">Overlap / target size.</param>
/// <param name="FMeasure">2PR / (P + R), 0 when P + R = 0.</param>
public sealed record RougeScore(double Precision, double Recall, double FMeasure)
{
    /// <summary>The all-zero score.</summary>
    public static RougeScore Zero { get; } = new(0, 0, 0);

    /// <summary>Builds a score from precision and recall with rouge-score's F1.</summary>
    public static RougeScore From(double precision, double recall) =>
        new(precision, recall, precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0);
}
