namespace SharpTune.Text.Curation;

/// <summary>Progress of a curation run: the pass and how many records of it are done.</summary>
/// <param name="Phase">"reading", "scoring" or "writing".</param>
/// <param name="Done">Records done in this pass.</param>
/// <param name="Total">Records in the file (0 while the first pass counts them).</param>
public readonly record struct CurationProgress(string Phase, long Done, long Total);
