using System.Text.Json;
using SharpTune.Text.Tokenization.Serialization;

namespace SharpTune.Text.Tokenization.PostProcessors;

/// <summary>
/// Adds special tokens around an encoded sequence (`TemplateProcessing`, `ByteLevel`, `Sequence`). Only the
/// single-sequence template applies to ids; the JSON object is kept verbatim so saving round-trips exactly.
/// </summary>
internal sealed class PostProcessor
{
    private readonly List<(string Token, int Id)> _prefix = [];
    private readonly List<(string Token, int Id)> _suffix = [];

    private PostProcessor(string rawJson) => RawJson = rawJson;

    public string RawJson { get; }

    /// <summary>A ByteLevel step with trim_offsets: token offsets drop their leading / trailing spaces.</summary>
    public bool TrimOffsets { get; private set; }

    /// <summary>That ByteLevel step's add_prefix_space (keeps one leading space on the first token).</summary>
    public bool TrimKeepsPrefixSpace { get; private set; }

    /// <summary>Number of special tokens the template puts before the sequence.</summary>
    public int PrefixCount => _prefix.Count;

    /// <summary>Number of special tokens the template puts after the sequence.</summary>
    public int SuffixCount => _suffix.Count;

    public static PostProcessor? Read(JsonSource src)
    {
        if (src.IsNull) return null;
        var pp = new PostProcessor(src.Element.GetRawText());
        pp.Collect(src);
        return pp;
    }

    /// <summary>A template that puts <paramref name="bos"/> before and <paramref name="eos"/> after the sequence.</summary>
    public static PostProcessor? Template((string Token, int Id)? bos, (string Token, int Id)? eos)
    {
        if (bos is null && eos is null) return null;
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("type", "TemplateProcessing");
            w.WriteStartArray("single");
            WriteTemplate(w, bos, eos, "A", 0);
            w.WriteEndArray();
            w.WriteStartArray("pair");
            WriteTemplate(w, bos, eos, "A", 0);
            WriteTemplate(w, bos, eos, "B", 1);
            w.WriteEndArray();
            w.WriteStartObject("special_tokens");
            foreach (var (token, id) in new[] { bos, eos }.OfType<(string, int)>().DistinctBy(x => x.Item1))
            {
                w.WriteStartObject(token);
                w.WriteString("id", token);
                w.WriteStartArray("ids");
                w.WriteNumberValue(id);
                w.WriteEndArray();
                w.WriteStartArray("tokens");
                w.WriteStringValue(token);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(ms.ToArray());
        return Read(new JsonSource("(generated)", "post_processor", doc.RootElement.Clone()));
    }

    private static void WriteTemplate(Utf8JsonWriter w, (string Token, int Id)? bos, (string Token, int Id)? eos, string sequence, int typeId)
    {
        void Item(string kind, string id)
        {
            w.WriteStartObject();
            w.WriteStartObject(kind);
            w.WriteString("id", id);
            w.WriteNumber("type_id", typeId);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        if (bos is { } b) Item("SpecialToken", b.Token);
        Item("Sequence", sequence);
        if (eos is { } e) Item("SpecialToken", e.Token);
    }

    private void Collect(JsonSource src)
    {
        switch (src.Type())
        {
            case "ByteLevel":
                TrimOffsets |= src.Bool("trim_offsets", true);
                TrimKeepsPrefixSpace |= src.Bool("add_prefix_space", true);
                return;
            case "Sequence":
                foreach (var p in src.Required("processors").Items()) Collect(p);
                return;
            case "TemplateProcessing":
                ReadTemplate(src);
                return;
            case var t:
                throw src.Child("type").Error($"unsupported post-processor type '{t}' (supported: TemplateProcessing, ByteLevel, Sequence)");
        }
    }

    private void ReadTemplate(JsonSource src)
    {
        var specials = src.Required("special_tokens");
        bool seenSequence = false;
        foreach (var item in src.Required("single").Items())
        {
            var special = item.Child("SpecialToken");
            if (special.IsNull)
            {
                if (item.Child("Sequence").IsNull) throw item.Error("expected {\"SpecialToken\": …} or {\"Sequence\": …}");
                seenSequence = true;
                continue;
            }
            var name = special.String("id");
            var entry = specials.Child(name);
            if (entry.IsNull) throw specials.Error($"missing special token '{name}' used by the template");
            var ids = entry.Required("ids").Items().Select(i => i.Element.TryGetInt32(out int v) ? v : throw i.Error("expected an integer id")).ToList();
            var tokens = entry.Required("tokens").Items().Select(i => i.Element.GetString() ?? throw i.Error("expected a string")).ToList();
            if (ids.Count != tokens.Count) throw entry.Error("'ids' and 'tokens' differ in length");
            (seenSequence ? _suffix : _prefix).AddRange(tokens.Zip(ids));
        }
    }

    /// <summary>Adds the template's special tokens around ids (and token strings when given).</summary>
    public void Apply(List<int> ids, List<string>? tokens)
    {
        if (_prefix.Count > 0)
        {
            ids.InsertRange(0, _prefix.Select(p => p.Id));
            tokens?.InsertRange(0, _prefix.Select(p => p.Token));
        }
        ids.AddRange(_suffix.Select(p => p.Id));
        tokens?.AddRange(_suffix.Select(p => p.Token));
    }

    public void Write(Utf8JsonWriter w) => w.WriteRawValue(RawJson);
}
