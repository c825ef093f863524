namespace SharpTune.Core.Export;

/// <summary>One written file, relative to the export folder, and its size in bytes.</summary>
public sealed record ExportedFile(string Name, long Bytes);
