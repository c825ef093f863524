using SharpTune.Text.Tokenization.SentencePiece;

namespace SharpTune.Text.Tokenization;

/// <summary>Loading a SentencePiece `.model` file.</summary>
public sealed partial class Tokenizer
{
    /// <summary>
    /// Loads a BPE SentencePiece `.model` (protobuf) and converts it like transformers' LlamaConverter, so the
    /// result encodes like the Llama-2 tokenizer.json and can be written with <see cref="Save"/>.
    /// </summary>
    /// <exception cref="TokenizerFormatException">Not a readable BPE SentencePiece model.</exception>
    public static Tokenizer FromSentencePieceModel(string path) => FromSentencePieceModel(path, null);

    /// <summary>Converts a .model; a tokenizer_config.json next to it (if given) overrides the Llama defaults.</summary>
    private static Tokenizer FromSentencePieceModel(string path, TokenizerConfig? folderConfig)
    {
        ArgumentNullException.ThrowIfNull(path);
        var spm = SentencePieceModel.Read(path);
        var (json, config) = LlamaConverter.Convert(spm, path);
        var defaults = new TokenizerConfig(spm.BosPiece, spm.EosPiece, null, spm.UnkPiece, true, false, false, "LlamaTokenizer", config);
        var cfg = folderConfig is null ? defaults : folderConfig with
        {
            BosToken = folderConfig.BosToken ?? defaults.BosToken,
            EosToken = folderConfig.EosToken ?? defaults.EosToken,
            UnkToken = folderConfig.UnkToken ?? defaults.UnkToken,
            AddBosToken = folderConfig.AddBosToken ?? true,
            AddEosToken = folderConfig.AddEosToken ?? false,
            TokenizerClass = folderConfig.TokenizerClass ?? defaults.TokenizerClass,
        };
        return FromJson(json, path, cfg);
    }
}
