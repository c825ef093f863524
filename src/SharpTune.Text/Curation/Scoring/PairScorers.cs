namespace SharpTune.Text.Curation.Scoring;

/// <summary>
/// The heuristic checks for translation pairs, with the defaults of the project's curation notes: OpusFilter's and
/// Bicleaner's checks, adapted so that short software strings survive (no word minimum, a length ratio judged
/// against the corpus's own median, letters-only script shares), and pofilter's consistency checks for
/// placeholders, markup, numbers, escapes and accelerators.
/// </summary>
public static class PairScorers
{
    private static readonly double Ln2 = Math.Log(2), Ln3 = Math.Log(3), Ln10 = Math.Log(10);

    /// <summary>The default set, in report order.</summary>
    public static IReadOnlyList<Scorer> All { get; } =
    [
        new() { Name = "empty", Description = "Both sides have at least one letter.", Direction = ScoreDirection.HigherIsCleaner,
            Min = 0, Max = 1, Threshold = 1, Hard = true, Weight = 0, Compute = v => Math.Min(Math.Min(v.First.Letters, v.Second.Letters), 1) },
        new() { Name = "max_length", Description = "The longer side's length in characters (at most 1500).", Direction = ScoreDirection.LowerIsCleaner,
            Min = 0, Max = 1500, Threshold = 1500, Hard = true, Weight = 0, Compute = v => Math.Max(v.First.Chars, v.Second.Chars) },
        new() { Name = "length_ratio", Description = "Distance of log(target/source chars) from the corpus median for sources of that length, in allowed units (ln 2 when the shorter side has 40+ characters, ln 3 at 10+, else ln 10).",
            Direction = ScoreDirection.LowerIsCleaner, Min = 0, Max = 2, Threshold = 1, Hard = true, Compute = LengthRatio },
        new() { Name = "script_src", Description = "Share of the source's letters written in its language's script (Latin words copied from the other side, such as product names, left out).", Direction = ScoreDirection.HigherIsCleaner,
            Min = 0, Max = 1, Threshold = 0.5, Hard = true, Compute = v => ScriptShare(v.First, v.Second, v.Context.FirstLanguage) },
        new() { Name = "script_tgt", Description = "Share of the target's letters written in its language's script (Latin words copied from the other side, such as product names, left out).", Direction = ScoreDirection.HigherIsCleaner,
            Min = 0, Max = 1, Threshold = 0.5, Hard = true, Compute = v => ScriptShare(v.Second, v.First, v.Context.SecondLanguage) },
        new() { Name = "lang_src", Description = "Language-identifier probability that the source is in the source language (sides of 40+ letters in a Latin-script language; for Thai, Chinese and the like the script share decides).",
            Direction = ScoreDirection.HigherIsCleaner, Min = 0, Max = 1, Threshold = 0.5, Hard = true, Compute = v => v.LanguageProbability(true, v.Context.FirstLanguage) },
        new() { Name = "lang_tgt", Description = "Language-identifier probability that the target is in the target language (sides of 40+ letters in a Latin-script language; for Thai, Chinese and the like the script share decides).",
            Direction = ScoreDirection.HigherIsCleaner, Min = 0, Max = 1, Threshold = 0.5, Hard = true, Compute = v => v.LanguageProbability(false, v.Context.SecondLanguage) },
        new() { Name = "copy", Description = "Edit similarity of the two sides' case-folded letters and digits (an untranslated copy is near 1).",
            Direction = ScoreDirection.LowerIsCleaner, Min = 0, Max = 1, Threshold = 0.9, Hard = true, Weight = 0, Compute = v => Consistency.Similarity(v.First.Key, v.Second.Key, 0.9) },
        new() { Name = "untranslated", Description = "Share of the target's words copied from the source (targets of 4+ words).",
            Direction = ScoreDirection.LowerIsCleaner, Min = 0, Max = 1, Threshold = 0.6, Hard = false, Compute = v => Consistency.CopiedWords(v.First.Text, v.Second.Text) },
        new() { Name = "placeholders", Description = "Placeholders (%s, %1$s, %1, {0}, { $name }, ${x}, &entity;) in one side and not the other.",
            Direction = ScoreDirection.LowerIsCleaner, Min = 0, Max = 2, Threshold = 0, Hard = true, Compute = v => Mismatch(v.First.Placeholders, v.Second.Placeholders) },
        new() { Name = "markup", Description = "Markup tags (<b>, </b>, <a …>) in one side and not the other.", Direction = ScoreDirection.LowerIsCleaner,
            Min = 0, Max = 2, Threshold = 0, Hard = true, Compute = v => Mismatch(v.First.Tags, v.Second.Tags) },
        new() { Name = "numbers", Description = "Agreement of the numbers' non-zero digits, 2|A∩B|/(|A|+|B|); separators and digit scripts ignored, a number spelled on the other side (3rd → terceros) agrees.",
            Direction = ScoreDirection.HigherIsCleaner, Min = 0, Max = 1, Threshold = 0.5, Hard = true,
            Compute = v => Consistency.NumberAgreement(v.First, v.Context.FirstLanguage, v.Second, v.Context.SecondLanguage) },
        new() { Name = "escapes", Description = "Difference in line breaks and tabs (\\n, \\t, literal or escaped).", Direction = ScoreDirection.LowerIsCleaner,
            Min = 0, Max = 2, Threshold = 0, Hard = true, Compute = v => v.First.Escapes + v.Second.Escapes == 0 ? double.NaN : Math.Abs(v.First.Escapes - v.Second.Escapes) },
        new() { Name = "urls", Description = "URLs and e-mail addresses in one side and not the other.", Direction = ScoreDirection.LowerIsCleaner,
            Min = 0, Max = 2, Threshold = 0, Hard = false, Weight = 0.5, Compute = v => Mismatch(v.First.Urls, v.Second.Urls) },
        new() { Name = "accelerators", Description = "Difference in accelerator markers (&File, _File, ~File).", Direction = ScoreDirection.LowerIsCleaner,
            Min = 0, Max = 1, Threshold = 0, Hard = false, Weight = 0.5, Compute = v => v.First.Accelerators + v.Second.Accelerators == 0 ? double.NaN : Math.Abs(v.First.Accelerators - v.Second.Accelerators) },
        new() { Name = "end_punct", Description = "Terminal punctuation agreement: 1 alike, 0.5 one side without, 0 different marks.",
            Direction = ScoreDirection.HigherIsCleaner, Min = 0, Max = 1, Threshold = 0.5, Hard = false, Weight = 0.5,
            Compute = v => Consistency.TerminalAgreement(v.First, v.Second, Scripts.ForLanguage(v.Context.SecondLanguage ?? "") == Script.Thai) },
        new() { Name = "repetition", Description = "Extra copies of a unit repeated 3+ times in a row in one side beyond the other side's.",
            Direction = ScoreDirection.LowerIsCleaner, Min = 0, Max = 4, Threshold = 1, Hard = true, Weight = 0, Compute = v => Math.Abs(v.First.RepeatedCopies - v.Second.RepeatedCopies) },
        new() { Name = "encoding", Description = "Encoding damage on either side: U+FFFD, control characters, mojibake (Ã©, â€).",
            Direction = ScoreDirection.LowerIsCleaner, Min = 0, Max = 1, Threshold = 0, Hard = true, Weight = 0, Compute = v => v.First.BadCharacters + v.Second.BadCharacters },
    ];

    static double Mismatch(string[] a, string[] b) => a.Length + b.Length == 0 ? double.NaN : Consistency.Mismatches(a, b);

    static double ScriptShare(TextSide side, TextSide other, string? language)
    {
        if (language is null || Scripts.ForLanguage(language) is not { } script) return double.NaN;
        if (script == Script.Latin || side.ScriptCounts[(int)Script.Latin] == 0) return Scripts.Share(side.ScriptCounts, script);
        Span<int> counts = stackalloc int[Scripts.Count];
        side.ScriptCounts.CopyTo(counts);
        // Copied words may include letters of URLs and placeholders, which the counts never had: clamp at zero.
        counts[(int)Script.Latin] = Math.Max(0, counts[(int)Script.Latin] - Scripts.CopiedLatinLetters(side.Text, other.Text));
        double share = Scripts.Share(counts, script);
        return double.IsNaN(share) ? 0 : share;                                   // every letter copied: none in the script
    }

    static double LengthRatio(SampleView v)
    {
        double r = LengthRatioModel.LogRatio(v.First.Chars, v.Second.Chars);
        if (double.IsNaN(r)) return double.NaN;
        int shorter = Math.Min(v.First.Chars, v.Second.Chars);
        double allowed = shorter >= 40 ? Ln2 : shorter >= 10 ? Ln3 : Ln10;
        return Math.Abs(r - v.Context.LengthRatios.Median(LengthRatioModel.Bucket(v.First.Chars))) / allowed;
    }
}
