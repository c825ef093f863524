namespace SharpTune.Text.Metrics;

/// <summary>A chrF / chrF++ result.</summary>
public sealed record ChrfScore
{
    /// <summary>chrF on the 0..100 scale.</summary>
    public required double Score { get; init; }

    /// <summary>sacreBLEU's name: <c>chrF2</c>, <c>chrF2++</c>, …</summary>
    public required string Name { get; init; }

    /// <summary>Corpus statistics: [hyp, ref, match] per order, character orders first, then word orders.</summary>
    public required IReadOnlyList<long> Statistics { get; init; }

    /// <summary>sacreBLEU's reproducibility signature.</summary>
    public required string Signature { get; init; }
}
