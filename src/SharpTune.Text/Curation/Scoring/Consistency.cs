namespace SharpTune.Text.Curation.Scoring;

/// <summary>Pure comparisons between the two sides: multisets, normalised edit similarity, punctuation.</summary>
public static class Consistency
{
    /// <summary>Items in one sorted multiset and not the other (the size of the symmetric difference).</summary>
    public static int Mismatches(string[] a, string[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int i = 0, j = 0, diff = 0;
        while (i < a.Length && j < b.Length)
        {
            int c = string.CompareOrdinal(a[i], b[j]);
            if (c == 0) { i++; j++; }
            else if (c < 0) { diff++; i++; }
            else { diff++; j++; }
        }
        return diff + (a.Length - i) + (b.Length - j);
    }

    /// <summary>2·|A∩B| / (|A|+|B|) of two sorted multisets; NaN when both are empty.</summary>
    public static double Overlap(string[] a, string[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int total = a.Length + b.Length;
        return total == 0 ? double.NaN : (total - Mismatches(a, b)) / (double)total;
    }

    /// <summary>
    /// Agreement of the numbers of two sides, 2·(|A∩B| + w) / (|A| + |B| + w), where A and B are the multisets of
    /// non-zero digits (OpusFilter's non-zero numerals: separators and zeros ignored, so 1,000 = 1.000 = 1 000 and
    /// 3.5 = 3,5; digits of any script count by value, so ๓ = 3) and w counts the numbers left without a counterpart that
    /// the other side writes as a word ("3rd" → "terceros", "two" → "2"). NaN when neither side has a digit.
    /// </summary>
    public static double NumberAgreement(TextSide a, string? languageA, TextSide b, string? languageB)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int total = a.Numbers.Length + b.Numbers.Length;
        if (total == 0) return double.NaN;
        if (Mismatches(a.Numbers, b.Numbers) == 0) return 1.0;                  // the common case allocates nothing
        var lonelyA = new List<int>();
        var lonelyB = new List<int>();
        int i = 0, j = 0;
        while (i < a.Numbers.Length && j < b.Numbers.Length)
        {
            int c = string.CompareOrdinal(a.Numbers[i], b.Numbers[j]);
            if (c == 0) { i++; j++; }
            else if (c < 0) lonelyA.Add(i++);
            else lonelyB.Add(j++);
        }
        for (; i < a.Numbers.Length; i++) lonelyA.Add(i);
        for (; j < b.Numbers.Length; j++) lonelyB.Add(j);
        if (lonelyA.Count + lonelyB.Count == 0) return 1.0;
        if (languageA == "th" || languageB == "th") BuddhistEra(a, lonelyA, b, lonelyB, languageB == "th");
        int unmatched = lonelyA.Count + lonelyB.Count;
        if (unmatched == 0) return 1.0;
        int words = Spelled(a, lonelyA, b.Text, languageB) + Spelled(b, lonelyB, a.Text, languageA);
        return (total - unmatched + 2.0 * words) / (total + words);
    }

    // Thai text gives years in the Buddhist era, 543 years ahead ("Copyright 2010" → "สงวนลิขสิทธิ์ 2553"): such pairs agree.
    static void BuddhistEra(TextSide a, List<int> lonelyA, TextSide b, List<int> lonelyB, bool thaiSecond)
    {
        var (gregorian, lonelyG, thai, lonelyT) = thaiSecond ? (a, lonelyA, b, lonelyB) : (b, lonelyB, a, lonelyA);
        for (int g = lonelyG.Count - 1; g >= 0; g--)
        {
            long year = gregorian.NumberValues[lonelyG[g]];
            if (year is < 1000 or > 2999) continue;
            int t = lonelyT.FindIndex(n => thai.NumberValues[n] == year + 543);
            if (t < 0) continue;
            lonelyG.RemoveAt(g);
            lonelyT.RemoveAt(t);
        }
    }

    // How many of the lonely numbers of `side` the other text writes as words (each word used once).
    static int Spelled(TextSide side, List<int> lonely, string other, string? otherLanguage)
    {
        if (lonely.Count == 0) return 0;
        var words = NumberWords.Values(other, otherLanguage);
        int found = 0;
        foreach (int n in lonely)
        {
            int at = words.IndexOf(side.NumberValues[n]);
            if (at < 0) continue;
            words.RemoveAt(at);
            found++;
        }
        return found;
    }

    /// <summary>
    /// 1 − Levenshtein(a, b) / max(|a|, |b|) (OpusFilter's SimilarityFilter), 0 for two empty strings' absence of
    /// content. Returns the length-based upper bound without the quadratic work when it is already below <paramref name="floor"/>.
    /// </summary>
    public static double Similarity(string a, string b, double floor = 0.0)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int max = Math.Max(a.Length, b.Length);
        if (max == 0) return 0;
        double bound = (double)Math.Min(a.Length, b.Length) / max;
        if (bound < floor) return bound;
        if (a.Length > b.Length) (a, b) = (b, a);
        Span<int> prev = a.Length < 256 ? stackalloc int[a.Length + 1] : new int[a.Length + 1];
        Span<int> cur = a.Length < 256 ? stackalloc int[a.Length + 1] : new int[a.Length + 1];
        for (int i = 0; i <= a.Length; i++) prev[i] = i;
        for (int j = 1; j <= b.Length; j++)
        {
            cur[0] = j;
            char cb = b[j - 1];
            for (int i = 1; i <= a.Length; i++)
                cur[i] = Math.Min(Math.Min(cur[i - 1], prev[i]) + 1, prev[i - 1] + (a[i - 1] == cb ? 0 : 1));
            var swap = prev;
            prev = cur;
            cur = swap;
        }
        return 1.0 - (double)prev[a.Length] / max;
    }

    /// <summary>
    /// Terminal punctuation agreement: 1 when both sides end alike, 0.5 when one has a mark and the other none, 0
    /// when the marks differ. A Thai side's missing period is normal (Thai has none), so it counts as agreeing.
    /// </summary>
    public static double TerminalAgreement(TextSide a, TextSide b, bool secondIsThai)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        char pa = a.TerminalPunctuation, pb = b.TerminalPunctuation;
        if (secondIsThai && pa == '.' && pb == '\0') return 1.0;
        if (pa == pb) return 1.0;
        return pa == '\0' || pb == '\0' ? 0.5 : 0.0;
    }

    /// <summary>The share of <paramref name="target"/>'s words (3+ letters) found among <paramref name="source"/>'s words, case-folded; NaN below 4 target words.</summary>
    public static double CopiedWords(string source, string target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var tw = Words(target);
        if (tw.Count < 4) return double.NaN;
        var sw = new HashSet<string>(Words(source), StringComparer.Ordinal);
        int copied = 0, counted = 0;
        foreach (string w in tw)
        {
            counted++;
            if (w.Length >= 3 && sw.Contains(w)) copied++;
        }
        return (double)copied / counted;
    }

    static List<string> Words(string s)
    {
        var words = new List<string>();
        foreach (var part in s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var w = part.Trim('.', ',', ';', ':', '!', '?', '"', '\'', '(', ')', '[', ']', '¿', '¡', '«', '»', '“', '”');
            if (w.Length > 0) words.Add(w.ToLowerInvariant());
        }
        return words;
    }
}
