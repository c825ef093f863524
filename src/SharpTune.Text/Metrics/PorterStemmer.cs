namespace SharpTune.Text.Metrics;

/// <summary>
/// The Porter stemmer in NLTK's default <c>NLTK_EXTENSIONS</c> mode (nltk.stem.porter), the stemmer rouge-score
/// uses: Porter (1980) with Martin Porter's later changes plus NLTK's (irregular forms, "ies"/"ied" on 4-letter
/// words, y→i only after a consonant, "alli"/"fulli"/"logi" rules, two-letter *o). Input is lowercased.
/// </summary>
public static partial class PorterStemmer
{
    private static readonly Dictionary<string, string> Irregular = new(StringComparer.Ordinal)
    {
        ["sky"] = "sky", ["skies"] = "sky", ["dying"] = "die", ["lying"] = "lie", ["tying"] = "tie",
        ["news"] = "news", ["innings"] = "inning", ["inning"] = "inning", ["outings"] = "outing",
        ["outing"] = "outing", ["cannings"] = "canning", ["canning"] = "canning", ["howe"] = "howe",
        ["proceed"] = "proceed", ["exceed"] = "exceed", ["succeed"] = "succeed",
    };

    /// <summary>Stems one word as <c>PorterStemmer().stem(word)</c> does.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        string stem = PyText.Lower(word);
        // NLTK looks the original word up in the pool (then returns the entry for the lowercased form).
        if (Irregular.ContainsKey(word)) return Irregular[stem];
        if (word.Length <= 2) return stem;
        stem = Step1A(stem);
        stem = Step1B(stem);
        stem = Step1C(stem);
        stem = Step2(stem);
        stem = Step3(stem);
        stem = Step4(stem);
        stem = Step5A(stem);
        return Step5B(stem);
    }

    /// <summary>a, e, i, o, u are vowels; y is a consonant at the start or after a vowel; all else are consonants.</summary>
    private static bool IsConsonant(string w, int i)
    {
        char c = w[i];
        if (c is 'a' or 'e' or 'i' or 'o' or 'u') return false;
        return c != 'y' || i == 0 || !IsConsonant(w, i - 1);
    }

    /// <summary>m in [C](VC){m}[V]: the number of "vc" transitions.</summary>
    private static int Measure(string stem)
    {
        int m = 0;
        for (int i = 1; i < stem.Length; i++)
        {
            if (IsConsonant(stem, i) && !IsConsonant(stem, i - 1)) m++;
        }
        return m;
    }

    private static bool HasPositiveMeasure(string stem) => Measure(stem) > 0;

    private static bool ContainsVowel(string stem)
    {
        for (int i = 0; i < stem.Length; i++)
        {
            if (!IsConsonant(stem, i)) return true;
        }
        return false;
    }

    private static bool EndsDoubleConsonant(string w) =>
        w.Length >= 2 && w[^1] == w[^2] && IsConsonant(w, w.Length - 1);

    /// <summary>*o: ends consonant-vowel-consonant, last not w/x/y; NLTK also accepts a two-letter vowel-consonant word.</summary>
    private static bool EndsCvc(string w) =>
        (w.Length >= 3 && IsConsonant(w, w.Length - 3) && !IsConsonant(w, w.Length - 2) && IsConsonant(w, w.Length - 1)
            && w[^1] is not ('w' or 'x' or 'y'))
        || (w.Length == 2 && !IsConsonant(w, 0) && IsConsonant(w, 1));

    private readonly record struct Rule(string Suffix, string Replacement, Func<string, bool>? Condition);

    /// <summary>Applies the first rule whose suffix matches (a matching rule whose condition fails stops the list).</summary>
    private static string ApplyRules(string word, ReadOnlySpan<Rule> rules)
    {
        foreach (var rule in rules)
        {
            if (rule.Suffix == "*d" && EndsDoubleConsonant(word))
            {
                string s = word[..^2];
                return rule.Condition is null || rule.Condition(s) ? s + rule.Replacement : word;
            }
            if (word.EndsWith(rule.Suffix, StringComparison.Ordinal))
            {
                string s = word[..^rule.Suffix.Length];
                return rule.Condition is null || rule.Condition(s) ? s + rule.Replacement : word;
            }
        }
        return word;
    }

    private static string Step1A(string w)
    {
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length == 4) return w[..^3] + "ie";
        return ApplyRules(w, [new("sses", "ss", null), new("ies", "i", null), new("ss", "ss", null), new("s", "", null)]);
    }

    private static string Step1B(string w)
    {
        if (w.EndsWith("ied", StringComparison.Ordinal)) return w[..^3] + (w.Length == 4 ? "ie" : "i");
        if (w.EndsWith("eed", StringComparison.Ordinal))
        {
            string s = w[..^3];
            return Measure(s) > 0 ? s + "ee" : w;
        }
        string? stem = null;
        foreach (var suffix in (ReadOnlySpan<string>)["ed", "ing"])
        {
            if (w.EndsWith(suffix, StringComparison.Ordinal) && ContainsVowel(w[..^suffix.Length]))
            {
                stem = w[..^suffix.Length];
                break;
            }
        }
        if (stem is null) return w;
        string last = stem.Length > 0 ? stem[^1..] : "";
        return ApplyRules(stem,
        [
            new("at", "ate", null), new("bl", "ble", null), new("iz", "ize", null),
            new("*d", last, _ => last is not ("l" or "s" or "z")),
            new("", "e", s => Measure(s) == 1 && EndsCvc(s)),
        ]);
    }

    /// <summary>y → i when preceded by a consonant that is not the first letter.</summary>
    private static string Step1C(string w) =>
        ApplyRules(w, [new("y", "i", s => s.Length > 1 && IsConsonant(s, s.Length - 1))]);
}
