namespace SharpTune.Core.Experiments;

/// <summary>
/// What report.md and results.json hold: the question, the setup, the tables, the plots (PNG files in the output
/// folder), the verdicts computed from the numbers, the caveats and the command that regenerates it all.
/// <see cref="Results"/> is the raw data (per run and per seed) serialised as results.json.
/// </summary>
public sealed record ExperimentReport
{
    public required string Name { get; init; }
    public required string Question { get; init; }
    public required IReadOnlyList<string> Setup { get; init; }
    public required IReadOnlyList<ReportTable> Tables { get; init; }
    public required IReadOnlyList<Verdict> Verdicts { get; init; }
    public IReadOnlyList<string> Plots { get; init; } = [];
    public IReadOnlyList<string> Caveats { get; init; } = [];
    public required object Results { get; init; }
}
