namespace SharpTune.Text.Metrics;

/// <summary>Longest-common-subsequence helpers shared by ROUGE-L, ROUGE-Lsum and the LLaMA-Factory ROUGE-L.</summary>
internal static class Lcs
{
    /// <summary>The (|a|+1)×(|b|+1) LCS length table, row-major.</summary>
    public static int[] Table<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
    {
        int cols = b.Count + 1;
        var t = new int[(a.Count + 1) * cols];
        var eq = EqualityComparer<T>.Default;
        for (int i = 1; i <= a.Count; i++)
        {
            for (int j = 1; j <= b.Count; j++)
            {
                t[i * cols + j] = eq.Equals(a[i - 1], b[j - 1])
                    ? t[(i - 1) * cols + j - 1] + 1
                    : Math.Max(t[(i - 1) * cols + j], t[i * cols + j - 1]);
            }
        }
        return t;
    }

    /// <summary>Length of the LCS of <paramref name="a"/> and <paramref name="b"/> (two rows of memory).</summary>
    public static int Length<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
    {
        var prev = new int[b.Count + 1];
        var cur = new int[b.Count + 1];
        var eq = EqualityComparer<T>.Default;
        for (int i = 1; i <= a.Count; i++)
        {
            for (int j = 1; j <= b.Count; j++)
            {
                cur[j] = eq.Equals(a[i - 1], b[j - 1]) ? prev[j - 1] + 1 : Math.Max(prev[j], cur[j - 1]);
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Count];
    }

    /// <summary>
    /// Indices into <paramref name="reference"/> of one LCS, found by backtracking from the end. Where both moves
    /// keep the LCS length, <paramref name="upOnTie"/> steps back in <paramref name="reference"/> (rouge-score's
    /// <c>_backtrack_norec</c>), otherwise in <paramref name="candidate"/> (pltrdy/rouge's <c>_recon_lcs</c>).
    /// </summary>
    public static List<int> ReferenceIndices<T>(IReadOnlyList<T> reference, IReadOnlyList<T> candidate, bool upOnTie = true)
    {
        var t = Table(reference, candidate);
        int cols = candidate.Count + 1;
        var eq = EqualityComparer<T>.Default;
        var indices = new List<int>();
        int i = reference.Count, j = candidate.Count;
        while (i > 0 && j > 0)
        {
            if (eq.Equals(reference[i - 1], candidate[j - 1]))
            {
                indices.Add(i - 1);
                i--;
                j--;
            }
            else
            {
                int up = t[(i - 1) * cols + j], left = t[i * cols + j - 1];
                if (up > left || (up == left && upOnTie)) i--;
                else j--;
            }
        }
        indices.Reverse();
        return indices;
    }
}
