namespace SharpTune.Text.Tokenization.Training;

/// <summary>A trained BPE model: the vocabulary (index = id) and the merges in rank order.</summary>
/// <param name="Kind">The model flavour.</param>
/// <param name="Vocab">Tokens by id: special tokens, then byte tokens (metaspace with byte fallback), alphabet, merged tokens.</param>
/// <param name="Merges">Merges in rank order (left, right), as model-form token strings.</param>
/// <param name="SpecialTokens">The special tokens (ids 0…n-1).</param>
/// <param name="Options">The options used.</param>
/// <param name="DistinctWords">How many distinct pre-tokenized words were counted.</param>
public sealed record BpeTrainingResult(
    BpeModelKind Kind,
    IReadOnlyList<string> Vocab,
    IReadOnlyList<(string Left, string Right)> Merges,
    IReadOnlyList<string> SpecialTokens,
    BpeTrainerOptions Options,
    int DistinctWords);
