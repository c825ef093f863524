namespace SharpTune.Text.Tokenization.PreTokenizers;

/// <summary>What happens to a delimiter match when a piece is split (Rust `SplitDelimiterBehavior`).</summary>
internal enum SplitBehavior
{
    Removed,
    Isolated,
    MergedWithPrevious,
    MergedWithNext,
    Contiguous,
}
