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
    public static Tokenizer FromSentencePieceModel(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var spm = SentencePieceModel.Read(path);
        var (json, config) = LlamaConverter.Convert(spm, path);
        var cfg = new TokenizerConfig(spm.BosPiece, spm.EosPiece, null, spm.UnkPiece, true, false, false, "LlamaTokenizer", config);
        return FromJson(json, path, cfg);
    }
}
