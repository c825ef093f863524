namespace SharpTune.Text.Curation;

/// <summary>Lengths and identified languages of one side of a file's records.</summary>
public sealed record SideStatistics
{
    /// <summary>Mean characters.</summary>
    public double MeanChars { get; init; }

    /// <summary>Median characters.</summary>
    public int MedianChars { get; init; }

    /// <summary>90th percentile of characters.</summary>
    public int P90Chars { get; init; }

    /// <summary>Longest, in characters.</summary>
    public int MaxChars { get; init; }

    /// <summary>Mean white-space separated words.</summary>
    public double MeanWords { get; init; }

    /// <summary>Sides without a letter.</summary>
    public long WithoutLetters { get; init; }

    /// <summary>Identified language of sides with 20+ letters ("(short)" for the others).</summary>
    public required IReadOnlyDictionary<string, long> Languages { get; init; }
}
