using SharpTune.Text.Curation.Dedup;
using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Text.Curation;

/// <summary>What `sharptune data score | filter | dedup` does: input, rules, deduplication, selection, outputs.</summary>
public sealed record CurationOptions
{
    /// <summary>JSONL / JSON file, optionally gzip-compressed.</summary>
    public required string Input { get; init; }

    /// <summary>How the two sides are read.</summary>
    public RecordFormat Format { get; init; } = new();

    /// <summary>The scorers in force (an empty list for dedup alone).</summary>
    public RuleSet Rules { get; init; } = RuleSet.Default(RecordKind.Pairs);

    /// <summary>--stratify_by.</summary>
    public Stratification Strata { get; init; } = Stratification.None;

    /// <summary>Count unreadable records by cause instead of failing.</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>Exact duplicates by this key (null: no exact dedup).</summary>
    public DedupKey? Dedup { get; init; } = DedupKey.Pair;

    /// <summary>Near duplicates with MinHash LSH (of the second side for pairs and instruction data).</summary>
    public bool NearDuplicates { get; init; }

    /// <summary>Jaccard threshold of near duplicates.</summary>
    public double NearDuplicateThreshold { get; init; } = 0.7;

    /// <summary>MinHash permutations.</summary>
    public int Permutations { get; init; } = 128;

    /// <summary>Keep this fraction (0–1] of each stratum, best combined score first.</summary>
    public double? KeepTop { get; init; }

    /// <summary>Keep records whose combined score is at least this.</summary>
    public double? MinScore { get; init; }

    /// <summary>Seed that orders ties.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Kept records (filter, dedup) or every record with its scores (score).</summary>
    public string? Output { get; init; }

    /// <summary>Dropped records with their scores and reasons.</summary>
    public string? Dropped { get; init; }

    /// <summary>Folder for report.md and the histograms.</summary>
    public string? ReportDir { get; init; }

    /// <summary>Write every record with its scores to <see cref="Output"/> instead of the kept ones.</summary>
    public bool WriteAllWithScores { get; init; }

    /// <summary>The language model behind the model-based scorers (null: those scores are NaN, "not applicable").</summary>
    public ISampleLossModel? Model { get; init; }

    /// <summary>The language identifier (the bundled profile by default).</summary>
    public LanguageIdentifier? LanguageIdentifier { get; init; }

    /// <summary>Checks the option combination.</summary>
    public void Validate()
    {
        if (KeepTop is { } f && (f <= 0 || f > 1)) throw new ArgumentException($"--keep_top must be in (0, 1], not {f}.");
        if (KeepTop.HasValue && MinScore.HasValue) throw new ArgumentException("Use either --keep_top or --min_score, not both.");
        if (NearDuplicateThreshold is <= 0 or >= 1) throw new ArgumentException($"--jaccard must be in (0, 1), not {NearDuplicateThreshold}.");
        if (Permutations < 2) throw new ArgumentException($"--num_perm must be at least 2, not {Permutations}.");
    }
}
