namespace SharpTune.Text.Statistics;

/// <summary>The result of one blind pairwise comparison, as FastChat's battle log names it in <c>winner</c>.</summary>
public enum PairwiseOutcome
{
    /// <summary><c>model_a</c>: the first model's answer was better.</summary>
    ModelA,
    /// <summary><c>model_b</c>: the second model's answer was better.</summary>
    ModelB,
    /// <summary><c>tie</c>: both were equally good.</summary>
    Tie,
    /// <summary><c>tie (bothbad)</c>: both were bad; rated as a tie.</summary>
    TieBothBad,
}
