namespace SharpTune.Text.Curation;

/// <summary>One record shown in the report: where it is, the score it is shown for, and its two sides.</summary>
/// <param name="Line">Input line (or array element).</param>
/// <param name="Score">The score of the reason it illustrates (the combined score for duplicates, rank and kept).</param>
/// <param name="First">Source / instruction.</param>
/// <param name="Second">Target / response.</param>
public sealed record CurationExample(int Line, double Score, string First, string Second);
