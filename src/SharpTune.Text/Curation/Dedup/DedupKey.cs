namespace SharpTune.Text.Curation.Dedup;

/// <summary>Which side(s) make two records duplicates (OpusFilter's remove_duplicates "compare").</summary>
public enum DedupKey
{
    /// <summary>Both sides equal after normalisation (default: the KJV and WEB Bible files share the Spanish side).</summary>
    Pair,

    /// <summary>Source (or instruction) side only.</summary>
    Source,

    /// <summary>Target (or response) side only.</summary>
    Target,

    /// <summary>Either side seen before.</summary>
    Either,
}
