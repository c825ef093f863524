namespace SharpTune.Text.Metrics;

/// <summary>
/// A BLEU result with sacreBLEU's statistics. As in sacreBLEU, add-k smoothing adds its value to
/// <see cref="Counts"/> and <see cref="Totals"/> for orders ≥ 2, so they are doubles.
/// </summary>
public sealed record BleuScore
{
    /// <summary>BLEU on the 0..100 scale.</summary>
    public required double Score { get; init; }

    /// <summary>Matched n-gram counts for n = 1..max order.</summary>
    public required IReadOnlyList<double> Counts { get; init; }

    /// <summary>Hypothesis n-gram counts for n = 1..max order.</summary>
    public required IReadOnlyList<double> Totals { get; init; }

    /// <summary>Smoothed precisions (0..100) for n = 1..max order.</summary>
    public required IReadOnlyList<double> Precisions { get; init; }

    /// <summary>Brevity penalty.</summary>
    public required double Bp { get; init; }

    /// <summary>Total hypothesis length in tokens.</summary>
    public required long SysLen { get; init; }

    /// <summary>Total closest-reference length in tokens.</summary>
    public required long RefLen { get; init; }

    /// <summary>sacreBLEU's reproducibility signature; empty when scored from raw statistics.</summary>
    public string Signature { get; init; } = "";

    /// <summary>sys_len / ref_len (0 when ref_len is 0).</summary>
    public double Ratio => RefLen == 0 ? 0 : (double)SysLen / RefLen;
}
