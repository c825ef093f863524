using System.Text;

namespace SharpTune.Core.Configuration;

/// <summary>Argument-name helpers: PascalCase property ↔ snake_case key, and "did you mean" suggestions.</summary>
public static class ArgumentNames
{
    /// <summary>ModelNameOrPath → model_name_or_path.</summary>
    public static string ToSnake(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 8);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>The candidate closest to <paramref name="key"/> by edit distance, or null when nothing is close.</summary>
    public static string? Closest(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestD = int.MaxValue;
        foreach (var c in candidates)
        {
            int d = Levenshtein(key, c);
            if (d < bestD) { bestD = d; best = c; }
        }
        return best != null && bestD <= Math.Max(2, key.Length / 3) ? best : null;
    }

    public static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
