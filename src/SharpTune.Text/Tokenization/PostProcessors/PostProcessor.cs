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
        var specials = new[] { bos, eos }.Where(x => x is not null).Select(x => x!.Value).DistinctBy(x => x.Token).ToList();
        string Item(string token) => $"{{\"SpecialToken\":{{\"id\":{JsonSerializer.Serialize(token)},\"type_id\":0}}}}";
        var single = new List<string>();
        if (bos is { } b) single.Add(Item(b.Token));
        single.Add("{\"Sequence\":{\"id\":\"A\",\"type_id\":0}}");
        if (eos is { } e) single.Add(Item(e.Token));
        var pair = new List<string>(single);
        pair.AddRange(single.Select(s => s.Replace("\"A\",\"type_id\":0", "\"B\",\"type_id\":1", StringComparison.Ordinal)
            .Replace("\"type_id\":0}}", "\"type_id\":1}}", StringComparison.Ordinal)));
        var sp = string.Join(",", specials.Select(s =>
            $"{JsonSerializer.Serialize(s.Token)}:{{\"id\":{JsonSerializer.Serialize(s.Token)},\"ids\":[{s.Id}],\"tokens\":[{JsonSerializer.Serialize(s.Token)}]}}"));
        var json = $"{{\"type\":\"TemplateProcessing\",\"single\":[{string.Join(",", single)}],\"pair\":[{string.Join(",", pair)}],\"special_tokens\":{{{sp}}}}}";
        using var doc = JsonDocument.Parse(json);
        return Read(new JsonSource("(generated)", "post_processor", doc.RootElement.Clone()));
    }

    private void Collect(JsonSource src)
    {
        switch (src.Type())
        {
            case "ByteLevel":
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

    /// <summary>Adds the template's special tokens around ids / tokens.</summary>
    public void Apply(List<int> ids, List<string> tokens)
    {
        if (_prefix.Count > 0)
        {
            ids.InsertRange(0, _prefix.Select(p => p.Id));
            tokens.InsertRange(0, _prefix.Select(p => p.Token));
        }
        ids.AddRange(_suffix.Select(p => p.Id));
        tokens.AddRange(_suffix.Select(p => p.Token));
    }

    public void Write(Utf8JsonWriter w) => w.WriteRawValue(RawJson);
}
