namespace SharpTune.Text.Metrics;

/// <summary>Steps 2–5 of <see cref="PorterStemmer"/> (NLTK_EXTENSIONS mode).</summary>
public static partial class PorterStemmer
{
    private static readonly Rule[] Step2Rules =
    [
        new("ational", "ate", HasPositiveMeasure), new("tional", "tion", HasPositiveMeasure),
        new("enci", "ence", HasPositiveMeasure), new("anci", "ance", HasPositiveMeasure),
        new("izer", "ize", HasPositiveMeasure), new("bli", "ble", HasPositiveMeasure),
        new("alli", "al", HasPositiveMeasure), new("entli", "ent", HasPositiveMeasure),
        new("eli", "e", HasPositiveMeasure), new("ousli", "ous", HasPositiveMeasure),
        new("ization", "ize", HasPositiveMeasure), new("ation", "ate", HasPositiveMeasure),
        new("ator", "ate", HasPositiveMeasure), new("alism", "al", HasPositiveMeasure),
        new("iveness", "ive", HasPositiveMeasure), new("fulness", "ful", HasPositiveMeasure),
        new("ousness", "ous", HasPositiveMeasure), new("aliti", "al", HasPositiveMeasure),
        new("iviti", "ive", HasPositiveMeasure), new("biliti", "ble", HasPositiveMeasure),
        new("fulli", "ful", HasPositiveMeasure),
    ];

    private static readonly Rule[] Step3Rules =
    [
        new("icate", "ic", HasPositiveMeasure), new("ative", "", HasPositiveMeasure),
        new("alize", "al", HasPositiveMeasure), new("iciti", "ic", HasPositiveMeasure),
        new("ical", "ic", HasPositiveMeasure), new("ful", "", HasPositiveMeasure),
        new("ness", "", HasPositiveMeasure),
    ];

    private static readonly Rule[] Step4Rules =
    [
        new("al", "", MeasureAbove1), new("ance", "", MeasureAbove1), new("ence", "", MeasureAbove1),
        new("er", "", MeasureAbove1), new("ic", "", MeasureAbove1), new("able", "", MeasureAbove1),
        new("ible", "", MeasureAbove1), new("ant", "", MeasureAbove1), new("ement", "", MeasureAbove1),
        new("ment", "", MeasureAbove1), new("ent", "", MeasureAbove1),
        new("ion", "", s => Measure(s) > 1 && s.Length > 0 && s[^1] is 's' or 't'),
        new("ou", "", MeasureAbove1), new("ism", "", MeasureAbove1), new("ate", "", MeasureAbove1),
        new("iti", "", MeasureAbove1), new("ous", "", MeasureAbove1), new("ive", "", MeasureAbove1),
        new("ize", "", MeasureAbove1),
    ];

    private static bool MeasureAbove1(string stem) => Measure(stem) > 1;

    private static string Step2(string w)
    {
        if (w.EndsWith("alli", StringComparison.Ordinal) && HasPositiveMeasure(w[..^4])) return Step2(w[..^4] + "al");
        // NLTK's "logi" rule checks the measure of the word minus "ogi" (i.e. keeping the "l").
        var rules = new Rule[Step2Rules.Length + 1];
        Step2Rules.CopyTo(rules, 0);
        rules[^1] = new("logi", "log", _ => HasPositiveMeasure(w[..^3]));
        return ApplyRules(w, rules);
    }

    private static string Step3(string w) => ApplyRules(w, Step3Rules);

    private static string Step4(string w) => ApplyRules(w, Step4Rules);

    private static string Step5A(string w)
    {
        if (!w.EndsWith('e')) return w;
        string stem = w[..^1];
        int m = Measure(stem);
        if (m > 1) return stem;
        if (m == 1 && !EndsCvc(stem)) return stem;
        return w;
    }

    private static string Step5B(string w) =>
        ApplyRules(w, [new("ll", "l", _ => Measure(w[..^1]) > 1)]);
}
