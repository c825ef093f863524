using System.Text.Json.Serialization;

namespace SharpTune.Text.Tokenization.Training;

/// <summary>What <see cref="VocabularyExpander"/> did (JSON-serialisable).</summary>
/// <param name="Count">How many tokens were added.</param>
/// <param name="FirstId">The first new id (null when none was added).</param>
/// <param name="LastId">The last new id (null when none was added).</param>
/// <param name="VocabSizeBefore">Largest base id + 1.</param>
/// <param name="VocabSizeAfter">Largest id + 1 after expansion (the embedding rows the model needs).</param>
/// <param name="MergesAdded">Merges appended after the base merges.</param>
/// <param name="BridgeMerges">Added merges of two base tokens (they may change encodes of non-ASCII text where the two meet).</param>
/// <param name="PinnedAddedTokens">Base added tokens also written into the model vocabulary at their own ids (Rust tokenizers would otherwise renumber them).</param>
/// <param name="Skipped">Candidate tokens or merges not added, with the reason (already present ones are not listed).</param>
/// <param name="Added">Every added token with its id, in id order.</param>
public sealed record ExpansionReport(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("first_id")] int? FirstId,
    [property: JsonPropertyName("last_id")] int? LastId,
    [property: JsonPropertyName("vocab_size_before")] int VocabSizeBefore,
    [property: JsonPropertyName("vocab_size_after")] int VocabSizeAfter,
    [property: JsonPropertyName("merges_added")] int MergesAdded,
    [property: JsonPropertyName("bridge_merges")] int BridgeMerges,
    [property: JsonPropertyName("pinned_added_tokens")] int PinnedAddedTokens,
    [property: JsonPropertyName("skipped")] IReadOnlyList<string> Skipped,
    [property: JsonPropertyName("added")] IReadOnlyList<AddedVocabularyToken> Added);
