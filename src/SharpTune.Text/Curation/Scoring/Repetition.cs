namespace SharpTune.Text.Curation.Scoring;

/// <summary>
/// OpusFilter's RepetitionFilter as a scan instead of a backtracking regex: a unit of 3–100 characters containing a
/// letter that occurs three or more times in a row ("the the the", "ลองลองลอง").
/// </summary>
public static class Repetition
{
    /// <summary>Minimum unit length.</summary>
    public const int MinUnit = 3;

    /// <summary>Maximum unit length.</summary>
    public const int MaxUnit = 100;

    /// <summary>Copies beyond the first of the most repeated unit, or 0 when no unit occurs three times in a row.</summary>
    public static int ExtraCopies(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int best = 0;
        int maxUnit = Math.Min(MaxUnit, text.Length / 3);
        for (int p = MinUnit; p <= maxUnit; p++)
        {
            int run = 0;
            for (int i = 0; i + p < text.Length; i++)
            {
                if (text[i] != text[i + p]) { run = 0; continue; }
                run++;
                if (run >= 2 * p && run % p == 0 && HasLetter(text.AsSpan(i - run + 1, p)))
                {
                    best = Math.Max(best, run / p);
                }
            }
        }
        return best >= 2 ? best : 0;
    }

    static bool HasLetter(ReadOnlySpan<char> unit)
    {
        foreach (char c in unit)
            if (char.IsLetter(c)) return true;
        return false;
    }
}
