namespace SharpTune.Text.Curation;

/// <summary>One input record: where it came from, its original JSON text (written back unchanged) and its two sides.</summary>
/// <param name="Line">1-based line of a JSONL file, or 1-based element of a JSON array.</param>
/// <param name="Json">The record's JSON text exactly as read.</param>
/// <param name="First">Source side, or instruction (with input).</param>
/// <param name="Second">Target side, or response.</param>
/// <param name="Group">The value of --stratify_by, or "" without it.</param>
/// <param name="Id">The record's "id" field when it has one.</param>
public sealed record CurationRecord(int Line, string Json, string First, string Second, string Group, string? Id);
