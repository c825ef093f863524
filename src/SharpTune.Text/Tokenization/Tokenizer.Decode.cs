using System.Text;

namespace SharpTune.Text.Tokenization;

/// <summary>Decoding: ids → token strings → decoder chain, plus transformers' optional space clean-up.</summary>
public sealed partial class Tokenizer
{
    /// <summary>Decodes ids to text like Rust `Tokenizer::decode` (unknown ids are skipped).</summary>
    /// <param name="ids">Token ids.</param>
    /// <param name="skipSpecialTokens">Drop added tokens marked special (BOS, EOS, &lt;|im_end|&gt; …).</param>
    /// <param name="cleanUpSpaces">Apply transformers' clean_up_tokenization (" ." → "."); null = tokenizer_config.json's setting.</param>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = false, bool? cleanUpSpaces = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var tokens = new List<string>(ids.Count);
        foreach (var id in ids)
        {
            if (skipSpecialTokens && IsSpecial(id)) continue;
            if (IdToToken(id) is { } t) tokens.Add(t);
        }
        string text = _decoder is null ? string.Join(' ', tokens) : _decoder.Decode(tokens);
        return cleanUpSpaces ?? _config.CleanUpTokenizationSpaces ? CleanUpTokenization(text) : text;
    }

    /// <summary>transformers' `clean_up_tokenization`: removes spaces before punctuation and English contractions.</summary>
    public static string CleanUpTokenization(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new StringBuilder(text)
            .Replace(" .", ".").Replace(" ?", "?").Replace(" !", "!").Replace(" ,", ",").Replace(" ' ", "'")
            .Replace(" n't", "n't").Replace(" 'm", "'m").Replace(" 's", "'s").Replace(" 've", "'ve").Replace(" 're", "'re")
            .ToString();
    }
}
