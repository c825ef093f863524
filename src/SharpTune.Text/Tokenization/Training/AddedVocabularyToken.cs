using System.Text.Json.Serialization;

namespace SharpTune.Text.Tokenization.Training;

/// <summary>One token added by <see cref="VocabularyExpander"/>: its new id and model-form text.</summary>
public sealed record AddedVocabularyToken([property: JsonPropertyName("id")] int Id, [property: JsonPropertyName("token")] string Token);
