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

    // Order matters: positional printf first, then Qt's %1 (so "%1custom" is %1, not %1c), then printf with flags.
    // LibreOffice's %PRODUCTNAME style needs three capitals; braces need a digit or a lower-case name ({0}, {name}),
    // so translated labels such as {Tab} or {None} are not placeholders.
    [GeneratedRegex(@"%\d{1,2}\$[-+0#']*\d*(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn@]"
        + @"|%\([^)\s]{1,40}\)[-+0#']*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
        + @"|%L?[1-9]\d?"
        + @"|%[A-Z][A-Z0-9_]{2,30}"
        + @"|%[-+0#']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn@]"
        + @"|\{\s*[$-][\w.-]{1,60}\s*\}"
        + @"|\{\{[^{}]{0,60}\}\}"
        + @"|\$\{[^{}\s]{1,40}\}"
        + @"|\{(?:\d{1,2}|[a-z_][\w.]{0,30})(?:[,:!][^{}]{0,20})?\}"
        + @"|\$\([\w.:-]{1,40}\)"
        + @"|&[A-Za-z][\w.-]{0,40};", RegexOptions.CultureInvariant)]
    public static partial Regex Placeholder();

    // HTML, Pango and common DocBook / Qt rich-text tag names only: "<All>" or "<nick>" in a UI string is text.
    [GeneratedRegex(@"</?(a|abbr|b|big|blockquote|br|center|cite|code|del|div|em|emphasis|filename|font|guilabel|guimenu|h[1-6]|hr|i|img|ins|kbd|li|link|literal|mark|nobr|ol|p|pre|q|s|samp|small|span|strike|strong|sub|sup|table|td|th|tr|tt|u|ul|var)(?:\s[^<>]{0,200})?/?>",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
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
            if (placeholder[1] == '(' || (char.IsUpper(placeholder[1]) && placeholder.Length > 3)) return placeholder;   // %(name)s, %PRODUCTNAME
            if (char.IsLetter(last) || last == '@') return "%" + last;                 // %1$s, %-5.2f → %s, %f
            return placeholder.Replace("L", "", StringComparison.Ordinal);             // Qt %1, %L1 → %1
        }
        return placeholder.Contains(' ', StringComparison.Ordinal) ? placeholder.Replace(" ", "", StringComparison.Ordinal) : placeholder;
    }
}
