namespace SharpTune.Text.Statistics;

/// <summary>One comparison of <paramref name="ModelA"/> with <paramref name="ModelB"/>; a tie (of either kind) counts as
/// half a win for each side.</summary>
public sealed record PairwiseVote(string ModelA, string ModelB, PairwiseOutcome Outcome)
{
    /// <summary>Model A's score: 1 for a win, 0.5 for a tie, 0 for a loss.</summary>
    public double ScoreA => Outcome switch { PairwiseOutcome.ModelA => 1, PairwiseOutcome.ModelB => 0, _ => 0.5 };

    /// <summary>True for <see cref="PairwiseOutcome.Tie"/> and <see cref="PairwiseOutcome.TieBothBad"/>.</summary>
    public bool IsTie => Outcome is PairwiseOutcome.Tie or PairwiseOutcome.TieBothBad;
}
