namespace SharpTune.Text.Templates;

/// <summary>
/// What a template needs from a tokenizer to turn slots into ids. The tokenizer engine implements it with an
/// adapter; <see cref="Encode"/> must not add special tokens (LLaMA-Factory's <c>add_special_tokens=False</c>).
/// </summary>
public interface ITokenEncoder
{
    /// <summary>Token ids of plain text, without BOS / EOS.</summary>
    IReadOnlyList<int> Encode(string text);

    /// <summary>The id of one vocabulary or added token, or null when it is not in the vocabulary.</summary>
    int? TokenToId(string token);

    /// <summary>The BOS id, or null when the tokenizer has none.</summary>
    int? BosId { get; }

    /// <summary>The EOS id, or null when the tokenizer has none.</summary>
    int? EosId { get; }

    /// <summary>The EOS token string, or null when the tokenizer has none.</summary>
    string? EosToken { get; }
}
