using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpTune.Text.Tokenization;

/// <summary>Writing tokenizer.json and tokenizer_config.json (atomically: temp file + rename).</summary>
public sealed partial class Tokenizer
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes tokenizer.json and tokenizer_config.json into <paramref name="dir"/> (created if needed).</summary>
    public void Save(string dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        Directory.CreateDirectory(dir);
        WriteAtomically(Path.Combine(dir, "tokenizer.json"), WriteTokenizerJson);
        var config = ConfigJson();
        WriteAtomically(Path.Combine(dir, "tokenizer_config.json"), w => config.WriteTo(w));
    }

    /// <summary>The tokenizer.json text this tokenizer saves.</summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, WriterOptions)) WriteTokenizerJson(w);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteAtomically(string path, Action<Utf8JsonWriter> write) =>
        IO.AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, WriterOptions);
            write(w);
        });

    private void WriteTokenizerJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("version", "1.0");
        WriteRawOrNull(w, "truncation", _truncationJson);
        WriteRawOrNull(w, "padding", _paddingJson);
        w.WriteStartArray("added_tokens");
        foreach (var t in _addedTokens)
        {
            w.WriteStartObject();
            w.WriteNumber("id", t.Id);
            w.WriteString("content", t.Content);
            w.WriteBoolean("single_word", t.SingleWord);
            w.WriteBoolean("lstrip", t.LStrip);
            w.WriteBoolean("rstrip", t.RStrip);
            w.WriteBoolean("normalized", t.Normalized);
            w.WriteBoolean("special", t.Special);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WritePropertyName("normalizer");
        if (_normalizer is null) w.WriteNullValue(); else _normalizer.Write(w);
        w.WritePropertyName("pre_tokenizer");
        if (_preTokenizer is null) w.WriteNullValue(); else _preTokenizer.Write(w);
        w.WritePropertyName("post_processor");
        if (_postProcessor is null) w.WriteNullValue(); else _postProcessor.Write(w);
        w.WritePropertyName("decoder");
        if (_decoder is null) w.WriteNullValue(); else _decoder.Write(w);
        w.WritePropertyName("model");
        _model.Write(w);
        w.WriteEndObject();
    }

    private static void WriteRawOrNull(Utf8JsonWriter w, string name, string? raw)
    {
        w.WritePropertyName(name);
        if (raw is null) w.WriteNullValue(); else w.WriteRawValue(raw);
    }

    private JsonObject ConfigJson()
    {
        var config = (JsonObject)_config.Raw.DeepClone();
        var decoder = new JsonObject();
        foreach (var t in _addedTokens)
        {
            decoder[t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["content"] = t.Content, ["lstrip"] = t.LStrip, ["normalized"] = t.Normalized,
                ["rstrip"] = t.RStrip, ["single_word"] = t.SingleWord, ["special"] = t.Special,
            };
        }
        config["added_tokens_decoder"] = decoder;
        SetIfMissing(config, "bos_token", _config.BosToken);
        SetIfMissing(config, "eos_token", _config.EosToken);
        SetIfMissing(config, "pad_token", _config.PadToken);
        SetIfMissing(config, "unk_token", _config.UnkToken);
        if (_config.AddBosToken is { } ab) config["add_bos_token"] = ab;
        if (_config.AddEosToken is { } ae) config["add_eos_token"] = ae;
        config["clean_up_tokenization_spaces"] = _config.CleanUpTokenizationSpaces;
        return config;
    }

    private static void SetIfMissing(JsonObject config, string key, string? value)
    {
        if (!config.ContainsKey(key)) config[key] = value;
    }
}
