namespace SharpTune.Core.Export;

/// <summary>What `sharptune export-job` wrote, the recipe keys it left out (with why), and notes on changed values.</summary>
public sealed record ExportJobResult(string OutputDir, IReadOnlyList<string> Files, IReadOnlyDictionary<string, string> LeftOut, IReadOnlyList<string> Notes);
