namespace SharpTune.Text.Tokenization.Models;

/// <summary>The scalar settings of a BPE model, as in tokenizer.json's "model" object.</summary>
internal sealed record BpeOptions(
    string? UnkToken = null,
    string? ContinuingSubwordPrefix = null,
    string? EndOfWordSuffix = null,
    bool FuseUnk = false,
    bool ByteFallback = false,
    bool IgnoreMerges = false);
