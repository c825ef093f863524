using SharpTune.Text.Templates;

namespace SharpTune.Text.Tokenization;

/// <summary>The tokenizer as the chat templates' encoder: plain text without special tokens, BOS / EOS from the config.</summary>
public sealed partial class Tokenizer : ITokenEncoder
{
    /// <summary>The EOS token string from tokenizer_config.json, if any.</summary>
    public string? EosToken => _config.EosToken;

    /// <summary>The BOS token string from tokenizer_config.json, if any.</summary>
    public string? BosToken => _config.BosToken;

    /// <summary>tokenizer_config.json's add_bos_token (false when absent), which pre-training preprocessing honours.</summary>
    public bool AddBosToken => _config.AddBosToken ?? false;

    IReadOnlyList<int> ITokenEncoder.Encode(string text) => EncodeToIds(text, addSpecialTokens: false);
}
