namespace SharpTune.Core.Training;

/// <summary>Greedy first-fit-decreasing packing of examples into rows of at most cutoff_len tokens (deterministic).</summary>
public static class Packer
{
    public static List<List<TokenizedExample>> Pack(IReadOnlyList<TokenizedExample> examples, int cutoffLen)
    {
        var rows = new List<List<TokenizedExample>>();
        var free = new List<int>();
        foreach (var e in examples.Select((e, i) => (e, i)).OrderByDescending(x => x.e.InputIds.Length).ThenBy(x => x.i).Select(x => x.e))
        {
            int len = Math.Min(e.InputIds.Length, cutoffLen);
            var ex = len == e.InputIds.Length ? e : e.Truncate(len);
            int row = free.FindIndex(f => f >= len);
            if (row < 0) { rows.Add([ex]); free.Add(cutoffLen - len); }
            else { rows[row].Add(ex); free[row] -= len; }
        }
        return rows;
    }
}
