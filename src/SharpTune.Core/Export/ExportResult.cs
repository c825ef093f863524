namespace SharpTune.Core.Export;

/// <summary>What an export wrote: the format, the folder and each file with its size in bytes.</summary>
public sealed record ExportResult(string Format, string ExportDir, IReadOnlyList<ExportedFile> Files);
