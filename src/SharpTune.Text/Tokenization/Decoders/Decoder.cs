using System.Text.Json;

namespace SharpTune.Text.Tokenization.Decoders;

/// <summary>Turns token strings back into text pieces (Rust `Decoder::decode_chain`); the pieces are then joined.</summary>
internal abstract class Decoder
{
    public abstract List<string> DecodeChain(List<string> tokens);

    public abstract void Write(Utf8JsonWriter w);

    public string Decode(List<string> tokens) => string.Concat(DecodeChain(tokens));
}
