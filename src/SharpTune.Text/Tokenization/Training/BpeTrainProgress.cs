namespace SharpTune.Text.Tokenization.Training;

/// <summary>Progress of a BPE training run: the stage ("counting words" / "merging") and how far it is.</summary>
/// <param name="Stage">What the trainer is doing.</param>
/// <param name="Done">Units done (lines counted, or vocabulary entries built).</param>
/// <param name="Total">Units in all.</param>
public sealed record BpeTrainProgress(string Stage, int Done, int Total);
