namespace SharpTune.Text.Curation.Scoring;

/// <summary>
/// The model-based scores, computed from the <see cref="ModelLosses"/> a language model measured (`--model_name_or_path`):
/// the perplexity of each side; instruction-following difficulty (Li et al. 2024, "From Quantity to Quality",
/// Cherry LLM): IFD = CE(response | instruction) / CE(response), above 1 when the instruction does not help to predict
/// the response, i.e. a misaligned pair; and for translation pairs the dual conditional cross-entropy agreement
/// (Junczys-Dowmunt 2018): |H(tgt | src) − H(src | tgt)| + ½ (H(tgt | src) + H(src | tgt)) in nats per token, low when
/// both directions find the pair likely and agree about it. Perplexities are reported, not ranked (weight 0): a global
/// perplexity cut removes whole sources written in an older or rarer style.
/// </summary>
public static class ModelScorers
{
    /// <summary>exp of a mean cross-entropy in nats; NaN stays NaN.</summary>
    public static double Perplexity(double meanCrossEntropy) => Math.Exp(meanCrossEntropy);

    /// <summary>IFD = CE(response | instruction) / CE(response alone); NaN when either is missing or the response costs nothing alone.</summary>
    public static double InstructionFollowingDifficulty(double conditioned, double alone) =>
        double.IsNaN(conditioned) || double.IsNaN(alone) || alone <= 0 ? double.NaN : conditioned / alone;

    /// <summary>Dual conditional cross-entropy: |H_a − H_b| + ½ (H_a + H_b) (lower = cleaner).</summary>
    public static double Agreement(double forward, double backward) => Math.Abs(forward - backward) + 0.5 * (forward + backward);

    /// <summary>The model-based scorers of a record kind, in report order.</summary>
    public static IReadOnlyList<Scorer> For(RecordKind kind) => kind == RecordKind.Pairs ? Pairs : Instructions;

    /// <summary>Whether <paramref name="name"/> is one of the model-based scorers of any kind.</summary>
    public static bool IsModelScorer(string name) => Pairs.Concat(Instructions).Any(s => s.Name == name);

    static readonly IReadOnlyList<Scorer> Pairs =
    [
        Ppl("ppl_src", "source", v => v.Losses.FirstAlone),
        Ppl("ppl_tgt", "target", v => v.Losses.SecondAlone),
        Ifd("target given the source prompt / target alone", 1.0),
        new() { Name = "ce_agreement", Description = "Dual conditional cross-entropy |H(tgt|src) − H(src|tgt)| + ½(H(tgt|src) + H(src|tgt)), nats per token (Junczys-Dowmunt 2018; lower = cleaner).",
            Direction = ScoreDirection.LowerIsCleaner, Min = 0, Max = 12, Threshold = 8, Hard = false,
            Compute = v => Agreement(v.Losses.SecondGivenFirst, v.Losses.FirstGivenSecond) },
    ];

    static readonly IReadOnlyList<Scorer> Instructions =
    [
        Ppl("ppl_instruction", "instruction (with its input)", v => v.Losses.FirstAlone),
        Ppl("ppl_response", "response", v => v.Losses.SecondAlone),
        Ifd("response given the instruction prompt / response alone; Cherry LLM keeps the highest IFD below 1", 0.0),
    ];

    static Scorer Ppl(string name, string side, Func<SampleView, double> loss) => new()
    {
        Name = name, Description = $"Perplexity of the {side} alone under the model (exp of its mean cross-entropy after BOS); reported, not ranked.",
        Direction = ScoreDirection.LowerIsCleaner, Min = 1, Max = 1000, Threshold = 1000, Hard = false, Weight = 0,
        Compute = v => Perplexity(loss(v)),
    };

    static Scorer Ifd(string what, double weight) => new()
    {
        Name = "ifd", Description = $"Instruction-following difficulty CE({what}); above 1 marks a misaligned sample (Li et al. 2024).",
        Direction = ScoreDirection.LowerIsCleaner, Min = 0.5, Max = 1.5, Threshold = 1, Hard = false, Weight = weight,
        Compute = v => InstructionFollowingDifficulty(v.Losses.SecondGivenFirst, v.Losses.SecondAlone),
    };
}
