namespace SharpTune.Text.Curation;

/// <summary>What a curation run did: counts overall, per reason and per stratum, skipped records, examples, files.</summary>
public sealed record CurationSummary
{
    /// <summary>Records read (skipped ones excluded).</summary>
    public long Total { get; init; }

    /// <summary>Records kept.</summary>
    public long Kept { get; init; }

    /// <summary>Records dropped.</summary>
    public long Dropped => Total - Kept;

    /// <summary>Records carrying each reason (a record may carry several).</summary>
    public required IReadOnlyDictionary<string, long> Reasons { get; init; }

    /// <summary>Records whose first (report-order) reason it is: the counts add up to <see cref="Dropped"/>.</summary>
    public required IReadOnlyDictionary<string, long> FirstReasons { get; init; }

    /// <summary>Per stratum: records and kept.</summary>
    public required IReadOnlyDictionary<string, (long Total, long Kept)> Groups { get; init; }

    /// <summary>Unreadable records skipped with --skip_invalid, by cause.</summary>
    public required IReadOnlyDictionary<string, int> Skipped { get; init; }

    /// <summary>Per reason: the dropped records with the worst score for it.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<CurationExample>> Worst { get; init; }

    /// <summary>Per reason: the dropped records closest to passing.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<CurationExample>> Borderline { get; init; }

    /// <summary>Kept records with the highest combined score.</summary>
    public required IReadOnlyList<CurationExample> BestKept { get; init; }

    /// <summary>Kept records with the lowest combined score.</summary>
    public required IReadOnlyList<CurationExample> WorstKept { get; init; }

    /// <summary>Files written (outputs, report, histograms).</summary>
    public required IReadOnlyList<string> Files { get; init; }
}
