using System.Text.Json;
using SharpTune.Text.Tokenization.PreTokenizers;
using static SharpTune.Text.Tokenization.Serialization.JsonWriting;

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

    public override AlignedText NormalizeAligned(AlignedText text) => PrependAligned(text, prepend);

    /// <summary>Rust `NormalizedString::prepend`: the new units take the span of the first character.</summary>
    internal static AlignedText PrependAligned(AlignedText text, string prefix)
    {
        if (text.Text.Length == 0) return text;
        var b = new AlignedText.Builder(prefix.Length + text.Text.Length);
        b.Append(prefix, text.Start[0], text.End[0]);
        b.Append(text, 0, text.Text.Length);
        return b.Build();
    }

    public override void Write(Utf8JsonWriter w) => WriteTyped(w, "Prepend", x => x.WriteString("prepend", prepend));
}

/// <summary>`Replace`: replaces every match of a string / regex pattern by literal content.</summary>
internal sealed class ReplaceNormalizer(Pattern pattern, string content) : Normalizer
{
    public override string Normalize(string text) => pattern.Replace(text, content);

    public override AlignedText NormalizeAligned(AlignedText text) => ReplaceAligned(text, pattern, content);

    /// <summary>Rust `NormalizedString::replace`: replacement units take the span of the match's last unit.</summary>
    internal static AlignedText ReplaceAligned(AlignedText text, Pattern pattern, string content)
    {
        var matches = new List<(int Start, int Length)>();
        pattern.FindMatches(text.Text, 0, text.Text.Length, matches);
        if (matches.Count == 0) return text;
        var b = new AlignedText.Builder(text.Text.Length);
        int prev = 0;
        foreach (var (s, len) in matches)
        {
            b.Append(text, prev, s - prev);
            b.Append(content, text.Start[s + len - 1], text.End[s + len - 1]);
            prev = s + len;
        }
        b.Append(text, prev, text.Text.Length - prev);
        return b.Build();
    }

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

    public override AlignedText NormalizeAligned(AlignedText text)
    {
        int start = left ? text.Text.Length - text.Text.TrimStart().Length : 0;
        int end = right ? text.Text.TrimEnd().Length : text.Text.Length;
        if (end <= start) return new AlignedText(string.Empty, [], []);
        return new AlignedText(text.Text[start..end], text.Start[start..end], text.End[start..end]);
    }

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

    public override AlignedText NormalizeAligned(AlignedText text)
    {
        foreach (var s in steps) text = s.NormalizeAligned(text);
        return text;
    }

    public override void Write(Utf8JsonWriter w) =>
        WriteTyped(w, "Sequence", x => WriteArray(x, "normalizers", steps, (s, y) => s.Write(y)));
}
