using System.Text.Json;

namespace SharpTune.Text.Tokenization.Serialization;

/// <summary>The two shapes every tokenizer.json component is written in.</summary>
internal static class JsonWriting
{
    /// <summary>{"type": type, …what body writes}.</summary>
    public static void WriteTyped(Utf8JsonWriter w, string type, Action<Utf8JsonWriter>? body = null)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        body?.Invoke(w);
        w.WriteEndObject();
    }

    /// <summary>"name": [each item, written by itself].</summary>
    public static void WriteArray<T>(Utf8JsonWriter w, string name, IEnumerable<T> items, Action<T, Utf8JsonWriter> write)
    {
        w.WritePropertyName(name);
        w.WriteStartArray();
        foreach (var item in items) write(item, w);
        w.WriteEndArray();
    }
}
