namespace SharpTune.Text.Curation.Scoring;

/// <summary>Which way a score points (OpusFilter's score_direction): the basis of thresholding and ranking.</summary>
public enum ScoreDirection
{
    /// <summary>Larger values mean a cleaner sample; a sample is accepted when its score ≥ the threshold.</summary>
    HigherIsCleaner,

    /// <summary>Smaller values mean a cleaner sample; a sample is accepted when its score ≤ the threshold.</summary>
    LowerIsCleaner,
}
