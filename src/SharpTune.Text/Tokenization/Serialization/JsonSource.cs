using System.Text.Json;

namespace SharpTune.Text.Tokenization.Serialization;

/// <summary>Typed access to a JSON element that reports errors as "file: key: problem".</summary>
internal readonly struct JsonSource
{
    public JsonSource(string file, string path, JsonElement element)
    {
        File = file;
        Path = path;
        Element = element;
    }

    public string File { get; }
    public string Path { get; }
    public JsonElement Element { get; }

    public bool IsNull => Element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    public TokenizerFormatException Error(string problem) => new(File, Path, problem);

    public JsonSource Child(string name) =>
        Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var v)
            ? new JsonSource(File, $"{Path}.{name}", v)
            : new JsonSource(File, $"{Path}.{name}", default);

    public JsonSource Required(string name)
    {
        if (Element.ValueKind != JsonValueKind.Object) throw Error($"expected an object, found {Element.ValueKind}");
        var c = Child(name);
        if (c.Element.ValueKind == JsonValueKind.Undefined) throw c.Error("missing required key");
        return c;
    }

    public string? OptString(string name)
    {
        var c = Child(name);
        if (c.IsNull) return null;
        return c.Element.ValueKind == JsonValueKind.String ? c.Element.GetString() : throw c.Error("expected a string");
    }

    public string String(string name) =>
        OptString(name) ?? throw Child(name).Error("missing required string");

    public bool Bool(string name, bool fallback)
    {
        var c = Child(name);
        return c.Element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null or JsonValueKind.Undefined => fallback,
            _ => throw c.Error("expected true or false"),
        };
    }

    public int Int(string name, int fallback)
    {
        var c = Child(name);
        if (c.IsNull) return fallback;
        return c.Element.ValueKind == JsonValueKind.Number && c.Element.TryGetInt32(out var v) && v >= 0
            ? v
            : throw c.Error("expected a non-negative integer");
    }

    public IEnumerable<JsonSource> Items()
    {
        if (Element.ValueKind != JsonValueKind.Array) throw Error($"expected an array, found {Element.ValueKind}");
        int i = 0;
        foreach (var e in Element.EnumerateArray())
        {
            yield return new JsonSource(File, $"{Path}[{i}]", e);
            i++;
        }
    }

    public IEnumerable<(string Name, JsonSource Value)> Properties()
    {
        if (Element.ValueKind != JsonValueKind.Object) throw Error($"expected an object, found {Element.ValueKind}");
        foreach (var p in Element.EnumerateObject())
        {
            yield return (p.Name, new JsonSource(File, $"{Path}.{p.Name}", p.Value));
        }
    }

    public string Type() => String("type");
}
