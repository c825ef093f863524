using System.Text.RegularExpressions;

namespace SharpTune.Text.Curation.Scoring;

/// <summary>
/// The heuristic checks for instruction data (alpaca / sharegpt): empty or copied responses, lengths (longer
/// responses rank higher, after Shen 2024), repetition, refusal and assistant boilerplate, encoding damage, and the
/// response's language against the instruction's (or against --tgt when given).
/// </summary>
public static partial class InstructionScorers
{
    /// <summary>The default set, in report order.</summary>
    public static IReadOnlyList<Scorer> All { get; } =
    [
        new() { Name = "empty_instruction", Description = "The instruction has at least one letter or digit.", Direction = ScoreDirection.HigherIsCleaner,
            Min = 0, Max = 1, Threshold = 1, Hard = true, Weight = 0, Compute = v => Math.Min(v.First.Key.Length, 1) },
        new() { Name = "empty_response", Description = "The response has at least one letter or digit.", Direction = ScoreDirection.HigherIsCleaner,
            Min = 0, Max = 1, Threshold = 1, Hard = true, Weight = 0, Compute = v => Math.Min(v.Second.Key.Length, 1) },
        new() { Name = "response_length", Description = "Response length in words (characters / 4 for scripts without spaces), ranked up to 200.",
            Direction = ScoreDirection.HigherIsCleaner, Min = 0, Max = 200, Threshold = 1, Hard = false, Compute = v => Length(v.Second) },
        new() { Name = "response_ratio", Description = "Response length / instruction length in words; a very short answer to a long task ranks lower.",
            Direction = ScoreDirection.HigherIsCleaner, Min = 0, Max = 1, Threshold = 0.02, Hard = false, Weight = 0.5, Compute = v => Length(v.Second) / Math.Max(1.0, Length(v.First)) },
        new() { Name = "copy", Description = "Edit similarity of response and instruction (a response that repeats the task is near 1).",
            Direction = ScoreDirection.LowerIsCleaner, Min = 0, Max = 1, Threshold = 0.9, Hard = true, Weight = 0, Compute = v => Consistency.Similarity(v.First.Key, v.Second.Key, 0.9) },
        new() { Name = "repetition", Description = "Extra copies of a unit repeated 3+ times in a row in the response beyond the instruction's.",
            Direction = ScoreDirection.LowerIsCleaner, Min = 0, Max = 4, Threshold = 1, Hard = true, Weight = 0, Compute = v => Math.Max(0, v.Second.RepeatedCopies - v.First.RepeatedCopies) },
        new() { Name = "refusal", Description = "The response is a refusal or assistant boilerplate (\"As an AI language model…\", \"I'm sorry, but I can't…\").",
            Direction = ScoreDirection.LowerIsCleaner, Min = 0, Max = 1, Threshold = 0, Hard = true, Weight = 0, Compute = v => Refusal().IsMatch(v.Second.Text) ? 1 : 0 },
        new() { Name = "lang_response", Description = "Probability that the response is in the expected language (--tgt), or else in the instruction's most likely language (soft).",
            Direction = ScoreDirection.HigherIsCleaner, Min = 0, Max = 1, Threshold = 0.5, Hard = false, Weight = 0.5, Compute = ResponseLanguage },
        new() { Name = "encoding", Description = "Encoding damage on either side: U+FFFD, control characters, mojibake (Ã©, â€).",
            Direction = ScoreDirection.LowerIsCleaner, Min = 0, Max = 1, Threshold = 0, Hard = true, Weight = 0, Compute = v => v.First.BadCharacters + v.Second.BadCharacters },
    ];

    // A side whose words average over 12 characters is in a script without spaces (Thai, Chinese): count characters / 4.
    static double Length(TextSide side) => side.Words * 12 < side.Chars ? side.Chars / 4.0 : side.Words;

    static double ResponseLanguage(SampleView v)
    {
        string? expected = v.Context.SecondLanguage;
        if (expected is null && v.First.Letters >= v.Context.MinLanguageIdLetters) expected = v.Context.LanguageIdentifier.Identify(v.First.Text);
        return v.LanguageProbability(false, expected);
    }

    [GeneratedRegex(@"^\s*(?:as an ai(?: language model)?|i(?:'m| am) (?:sorry|unable|not able)|i (?:cannot|can't|can not|won't) (?:help|assist|provide|fulfill|comply|do that|answer)|sorry, (?:but )?i (?:cannot|can't)|i apologi[sz]e, but)"
        + @"|\bas an ai language model\b|\bi do not have (?:personal|the ability)\b|\bmy knowledge cutoff\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Refusal();
}
