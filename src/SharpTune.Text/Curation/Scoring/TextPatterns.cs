using System.Buffers;
using System.Text.RegularExpressions;

namespace SharpTune.Text.Curation.Scoring;

/// <summary>
/// The patterns Translate Toolkit's pofilter checks for consistency between a source and its translation: printf
/// and Qt placeholders, Python named placeholders, Fluent / ICU / .NET braces, shell and Mozilla variables, entities,
/// markup tags, URLs and e-mail addresses.
/// </summary>
internal static partial class TextPatterns
{
    /// <summary>Characters that can start a placeholder or tag; a text without any skips the regexes.</summary>
    public static readonly SearchValues<char> PlaceholderStart = SearchValues.Create("%{$&<");

    // Order matters: positional printf before plain printf, %VAR% before printf (so %APPDATA% is not %A).
    [GeneratedRegex(@"%\d{1,2}\$[-+0#]*\d*(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn@]"
        + @"|%\([^)\s]{1,40}\)[-+0#]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
        + @"|%[A-Za-z_][A-Za-z0-9_]{1,30}%"
        + @"|%[-+0#]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn@]"
        + @"|%L?\d{1,2}"
        + @"|\{\s*[$-][\w.-]{1,60}\s*\}"
        + @"|\{\{[^{}]{0,60}\}\}"
        + @"|\$?\{[\w.:,#-]{0,40}\}"
        + @"|\$\([\w.:-]{1,40}\)"
        + @"|&[A-Za-z][\w.-]{0,40};", RegexOptions.CultureInvariant)]
    public static partial Regex Placeholder();

    [GeneratedRegex(@"</?([A-Za-z][\w:-]{0,30})(?:\s[^<>]{0,200})?/?>", RegexOptions.CultureInvariant)]
    public static partial Regex Tag();

    [GeneratedRegex(@"(?:https?|ftp)://[^\s<>""']+|www\.[^\s<>""']+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", RegexOptions.CultureInvariant)]
    public static partial Regex Url();

    /// <summary>The comparable form of a placeholder: printf conversions keep only their type (reordering and
    /// positions are allowed, as pofilter's printf check allows them), others lose inner spaces.</summary>
    public static string Canonical(string placeholder)
    {
        if (placeholder.Length >= 2 && placeholder[0] == '%')
        {
            char last = placeholder[^1];
            if (placeholder[1] == '(' || last == '%') return placeholder;              // %(name)s, %VAR%
            if (char.IsLetter(last) || last == '@') return "%" + last;                 // %1$s, %-5.2f → %s, %f
            return placeholder.Replace("L", "", StringComparison.Ordinal);             // Qt %1, %L1 → %1
        }
        return placeholder.Contains(' ', StringComparison.Ordinal) ? placeholder.Replace(" ", "", StringComparison.Ordinal) : placeholder;
    }
}
