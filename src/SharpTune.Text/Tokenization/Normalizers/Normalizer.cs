using System.Text.Json;

namespace SharpTune.Text.Tokenization.Normalizers;

/// <summary>Rewrites a piece of input text before pre-tokenization (Rust `Normalizer`).</summary>
internal abstract class Normalizer
{
    public abstract string Normalize(string text);

    public abstract void Write(Utf8JsonWriter w);

    protected static void WriteTyped(Utf8JsonWriter w, string type, Action<Utf8JsonWriter>? body = null)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        body?.Invoke(w);
        w.WriteEndObject();
    }
}
