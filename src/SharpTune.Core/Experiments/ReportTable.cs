namespace SharpTune.Core.Experiments;

/// <summary>A table of a report: a caption, column headers and rows of already formatted cells.</summary>
public sealed record ReportTable(string Caption, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>The table as GitHub markdown; '|' and line breaks in cells are escaped so model output cannot break it.</summary>
    public string ToMarkdown()
    {
        if (Rows.Any(r => r.Count != Headers.Count)) throw new InvalidOperationException($"table '{Caption}': every row needs {Headers.Count} cells");
        var lines = new List<string> { $"**{Escape(Caption)}**", "", Row(Headers), Row(Headers.Select(_ => "---").ToList()) };
        lines.AddRange(Rows.Select(Row));
        return string.Join("\n", lines) + "\n";
    }

    static string Row(IReadOnlyList<string> cells) => "| " + string.Join(" | ", cells.Select(Escape)) + " |";

    /// <summary>Markdown-safe cell text: trimmed, pipes escaped, line breaks shown as ⏎, HTML brackets as entities.</summary>
    public static string Escape(string s) => s.Trim().Replace("\\", "\\\\").Replace("|", "\\|").Replace("<", "&lt;").Replace(">", "&gt;")
        .Replace("\r", "").Replace("\n", " ⏎ ");
}
