using System.Text.Json;

namespace SharpTune.Text.Curation;

/// <summary>
/// --stratify_by: the group whose share a cut must keep. FIELD uses a field's value; FIELD:SEP the part before the
/// first SEP (<c>id:#</c> turns "gimp-data#1172" into "gimp-data"); <c>@length</c> buckets the first side by words
/// (1, 2–4, 5–9, 10+) so one-word labels keep their share.
/// </summary>
public sealed record Stratification
{
    /// <summary>No groups: one stratum.</summary>
    public static Stratification None { get; } = new();

    /// <summary>The field, or null for none / @length.</summary>
    public string? Field { get; init; }

    /// <summary>Separator for prefix groups.</summary>
    public string? Separator { get; init; }

    /// <summary>Group by first-side word count.</summary>
    public bool ByLength { get; init; }

    /// <summary>Parses the option value.</summary>
    public static Stratification Parse(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) return None;
        if (spec == "@length") return new Stratification { ByLength = true };
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? new Stratification { Field = spec[..colon], Separator = spec[(colon + 1)..] } : new Stratification { Field = spec };
    }

    /// <summary>The group of a record ("" without stratification, "(none)" when the field is missing).</summary>
    public string GroupOf(JsonElement root, string first)
    {
        if (ByLength) return LengthGroup(first);
        if (Field is null) return "";
        if (!root.TryGetProperty(Field, out var v) || v.ValueKind == JsonValueKind.Null) return "(none)";
        string value = v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();
        if (Separator is { Length: > 0 } && value.IndexOf(Separator, StringComparison.Ordinal) is var at and >= 0) value = value[..at];
        return value;
    }

    static string LengthGroup(string text)
    {
        int words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return words switch { <= 1 => "1 word", <= 4 => "2-4 words", <= 9 => "5-9 words", _ => "10+ words" };
    }
}
