namespace SharpTune.Text.Tokenization.PreTokenizers;

/// <summary>Turns the matches found in one piece into new pieces, exactly like `NormalizedString::split`.</summary>
internal static class Splitter
{
    public static SplitBehavior Parse(string name, Func<string, Exception> error) => name switch
    {
        "Removed" => SplitBehavior.Removed,
        "Isolated" => SplitBehavior.Isolated,
        "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
        "MergedWithNext" => SplitBehavior.MergedWithNext,
        "Contiguous" => SplitBehavior.Contiguous,
        _ => throw error($"unknown split behavior '{name}' (expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous)"),
    };

    /// <summary>Applies <paramref name="behavior"/> given the sorted, non-overlapping matches (absolute positions in piece.Text).</summary>
    public static void Apply(Piece piece, List<(int Start, int Length)> matches, SplitBehavior behavior, bool invert, List<Piece> output)
    {
        if (matches.Count == 0 && !invert)
        {
            if (piece.Length > 0) output.Add(piece);
            return;
        }
        // Covering segments (start, end, isMatch).
        Span<(int S, int E, bool M)> seg = matches.Count * 2 + 1 <= 256
            ? stackalloc (int, int, bool)[matches.Count * 2 + 1]
            : new (int, int, bool)[matches.Count * 2 + 1];
        int n = 0, prev = piece.Start;
        foreach (var (s, len) in matches)
        {
            if (s > prev) seg[n++] = (prev, s, invert);
            seg[n++] = (s, s + len, !invert);
            prev = s + len;
        }
        int end = piece.Start + piece.Length;
        if (prev < end) seg[n++] = (prev, end, invert);
        seg = seg[..n];

        switch (behavior)
        {
            case SplitBehavior.Removed:
                foreach (var x in seg) if (!x.M) Emit(piece, x.S, x.E, output);
                break;
            case SplitBehavior.Isolated:
                foreach (var x in seg) Emit(piece, x.S, x.E, output);
                break;
            case SplitBehavior.MergedWithPrevious:
            {
                bool previousMatch = false;
                var acc = new List<(int S, int E)>(n);
                foreach (var x in seg)
                {
                    if (x.M && !previousMatch && acc.Count > 0) acc[^1] = (acc[^1].S, x.E);
                    else acc.Add((x.S, x.E));
                    previousMatch = x.M;
                }
                foreach (var a in acc) Emit(piece, a.S, a.E, output);
                break;
            }
            case SplitBehavior.MergedWithNext:
            {
                bool previousMatch = false;
                var acc = new List<(int S, int E)>(n);
                for (int i = seg.Length - 1; i >= 0; i--)
                {
                    var x = seg[i];
                    if (x.M && !previousMatch && acc.Count > 0) acc[^1] = (x.S, acc[^1].E);
                    else acc.Add((x.S, x.E));
                    previousMatch = x.M;
                }
                for (int i = acc.Count - 1; i >= 0; i--) Emit(piece, acc[i].S, acc[i].E, output);
                break;
            }
            case SplitBehavior.Contiguous:
            {
                bool previousMatch = false;
                var acc = new List<(int S, int E)>(n);
                foreach (var x in seg)
                {
                    if (x.M == previousMatch && acc.Count > 0) acc[^1] = (acc[^1].S, x.E);
                    else acc.Add((x.S, x.E));
                    previousMatch = x.M;
                }
                foreach (var a in acc) Emit(piece, a.S, a.E, output);
                break;
            }
        }
    }

    private static void Emit(Piece piece, int s, int e, List<Piece> output)
    {
        if (e > s) output.Add(piece with { Start = s, Length = e - s, AtOrigin = piece.AtOrigin && s == piece.Start });
    }
}
