namespace SharpTune.Text.Tokenization.Training;

/// <summary>What <see cref="VocabularyExpander"/> did (JSON-serialisable).</summary>
/// <param name="Count">How many tokens were added.</param>
/// <param name="FirstId">The first new id (null when none was added).</param>
/// <param name="LastId">The last new id (null when none was added).</param>
/// <param name="VocabSizeBefore">Largest base id + 1.</param>
/// <param name="VocabSizeAfter">Largest id + 1 after expansion (the embedding rows the model needs).</param>
/// <param name="MergesAdded">Merges appended after the base merges.</param>
/// <param name="BridgeMerges">Added merges of two base tokens (they may change encodes of non-ASCII text where the two meet).</param>
/// <param name="Skipped">Candidate tokens or merges not added, with the reason (already present ones are not listed).</param>
/// <param name="Added">Every added token with its id, in id order.</param>
public sealed record ExpansionReport(
    int Count,
    int? FirstId,
    int? LastId,
    int VocabSizeBefore,
    int VocabSizeAfter,
    int MergesAdded,
    int BridgeMerges,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<AddedVocabularyToken> Added);
