using System.Text.Json;
using SharpTune.Text.Tokenization.PreTokenizers;

namespace SharpTune.Text.Tokenization.Normalizers;

/// <summary>`NFC`, `NFD`, `NFKC`, `NFKD`.</summary>
internal sealed class UnicodeNormalizer(string form) : Normalizer
{
    private readonly bool _compose = form is "NFC" or "NFKC";
    private readonly bool _compat = form is "NFKC" or "NFKD";

    public override string Normalize(string text) => UnicodeNormalization.Normalize(text, _compose, _compat);

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, form);
}

/// <summary>`Prepend`: prefixes non-empty text with a string.</summary>
internal sealed class PrependNormalizer(string prepend) : Normalizer
{
    public override string Normalize(string text) => text.Length == 0 ? text : prepend + text;

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, "Prepend", x => x.WriteString("prepend", prepend));
}

/// <summary>`Replace`: replaces every match of a string / regex pattern by literal content.</summary>
internal sealed class ReplaceNormalizer(Pattern pattern, string content) : Normalizer
{
    public override string Normalize(string text) => pattern.Replace(text, content);

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, "Replace", x =>
    {
        x.WritePropertyName("pattern");
        pattern.Write(x);
        x.WriteString("content", content);
    });
}

/// <summary>`Lowercase`: Rust `str::to_lowercase` (simple mappings plus İ → "i̇", its one unconditional full mapping).</summary>
internal sealed class LowercaseNormalizer : Normalizer
{
    public override string Normalize(string text) => text.Contains('\u0130', StringComparison.Ordinal)
        ? string.Join("i\u0307", text.Split('\u0130').Select(part => part.ToLowerInvariant()))
        : text.ToLowerInvariant();

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, "Lowercase");
}

/// <summary>`Strip`: removes whitespace on the left and/or right.</summary>
internal sealed class StripNormalizer(bool left, bool right) : Normalizer
{
    public override string Normalize(string text) => (left, right) switch
    {
        (true, true) => text.Trim(),
        (true, false) => text.TrimStart(),
        (false, true) => text.TrimEnd(),
        _ => text,
    };

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, "Strip", x =>
    {
        x.WriteBoolean("strip_left", left);
        x.WriteBoolean("strip_right", right);
    });
}

/// <summary>`Sequence`: applies normalizers in order.</summary>
internal sealed class SequenceNormalizer(IReadOnlyList<Normalizer> steps) : Normalizer
{
    public override string Normalize(string text)
    {
        foreach (var s in steps) text = s.Normalize(text);
        return text;
    }

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, "Sequence", x =>
    {
        x.WritePropertyName("normalizers");
        x.WriteStartArray();
        foreach (var s in steps) s.Write(x);
        x.WriteEndArray();
    });
}
