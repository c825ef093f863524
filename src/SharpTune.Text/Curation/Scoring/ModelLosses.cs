namespace SharpTune.Text.Curation.Scoring;

/// <summary>
/// What a language model measured on one sample: mean cross-entropy per token (nats) of each side alone and of each
/// side given the other as a templated prompt. NaN where nothing was measured (no model, no token, or the reverse
/// direction of instruction data).
/// </summary>
/// <param name="FirstAlone">Mean CE of the source (instruction) text after BOS.</param>
/// <param name="SecondAlone">Mean CE of the target (response) text after BOS.</param>
/// <param name="SecondGivenFirst">Mean CE of the target (response) tokens after the template's prompt holding the first side.</param>
/// <param name="FirstGivenSecond">Pairs: mean CE of the source tokens after the prompt holding the target (the reverse direction).</param>
public readonly record struct ModelLosses(double FirstAlone, double SecondAlone, double SecondGivenFirst, double FirstGivenSecond)
{
    /// <summary>Nothing measured.</summary>
    public static ModelLosses None { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN);
}
