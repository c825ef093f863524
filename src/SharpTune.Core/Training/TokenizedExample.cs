namespace SharpTune.Core.Training;

/// <summary>One preprocessed example: token ids and labels (−100 = not learned), equal lengths.</summary>
public sealed record TokenizedExample(int[] InputIds, int[] Labels)
{
    public const int IgnoreIndex = -100;

    /// <summary>Number of learned (non-ignored) label positions.</summary>
    public int LearnedTokens => Labels.Count(l => l != IgnoreIndex);
}
