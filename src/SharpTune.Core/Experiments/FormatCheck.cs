using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Core.Experiments;

/// <summary>
/// The documented check of "follows the instruction format" used by the reports: an answer passes when it is
/// (1) not empty, (2) free of the template's own markers ("### Instruction", "### Response", "Instruction:",
/// "Response:"), (3) not a copy of the prompt's input text, (4) no longer than three times its reference plus 20
/// characters (a model that never stops rambles past it) and (5) in the reference's language when the reference has
/// at least 10 letters (SharpTune's bundled language identifier on both). It checks form, not correctness.
/// </summary>
public static class FormatCheck
{
    static readonly string[] Markers = ["### Instruction", "### Response", "Instruction:", "Response:"];

    /// <summary>Why <paramref name="answer"/> fails, or null when it follows the format.</summary>
    public static string? Failure(string prompt, string answer, string reference)
    {
        string a = answer.Trim();
        if (a.Length == 0) return "empty";
        if (Markers.Any(m => a.Contains(m, StringComparison.OrdinalIgnoreCase))) return "template marker";
        string input = InputOf(prompt);
        if (input.Length > 0 && string.Equals(a, input, StringComparison.OrdinalIgnoreCase)) return "copies the input";
        if (a.Length > 3 * reference.Trim().Length + 20) return "too long";
        if (reference.Count(char.IsLetter) >= 10 && LanguageIdentifier.Default.Identify(reference) is { } want
            && LanguageIdentifier.Default.Identify(a) != want) return $"not in {want}";
        return null;
    }

    /// <summary>The share (0–1) of answers that pass.</summary>
    public static double Rate(IReadOnlyList<Evaluation.Prediction> predictions) =>
        predictions.Count == 0 ? 0 : predictions.Count(p => Failure(p.prompt, p.predict, p.label) is null) / (double)predictions.Count;

    /// <summary>The alpaca prompt's input: the text between the instruction line and "### Response".</summary>
    public static string InputOf(string prompt)
    {
        int response = prompt.LastIndexOf("### Response", StringComparison.Ordinal);
        string head = response >= 0 ? prompt[..response] : prompt;
        var lines = head.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? "" : lines[^1];
    }
}
