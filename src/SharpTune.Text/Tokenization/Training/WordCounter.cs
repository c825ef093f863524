namespace SharpTune.Text.Tokenization.Training;

/// <summary>
/// Pre-tokenizes lines into words exactly as the written tokenizer.json will, and counts each distinct word.
/// Chunks of lines are counted in parallel and merged; the result is sorted (ordinal) so it never depends on
/// the thread schedule.
/// </summary>
internal static class WordCounter
{
    public const char Metaspace = '\u2581';

    public static (string[] Words, int[] Counts) Count(IReadOnlyList<string> lines, BpeModelKind kind, int threads)
    {
        int chunks = Math.Max(1, Math.Min(threads * 4, lines.Count / 256 + 1));
        var partial = new Dictionary<string, int>[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, c =>
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            int from = (int)((long)lines.Count * c / chunks), to = (int)((long)lines.Count * (c + 1) / chunks);
            for (int i = from; i < to; i++) CountLine(lines[i], kind, counts);
            partial[c] = counts;
        });

        var total = partial[0];
        for (int c = 1; c < chunks; c++)
        {
            foreach (var (word, n) in partial[c])
            {
                total[word] = total.GetValueOrDefault(word) + n;
            }
        }

        var words = total.Keys.ToArray();
        Array.Sort(words, StringComparer.Ordinal);
        var result = new int[words.Length];
        for (int i = 0; i < words.Length; i++) result[i] = total[words[i]];
        return (words, result);
    }

    /// <summary>Adds the words of one line (without its newline) to <paramref name="counts"/>.</summary>
    public static void CountLine(string line, BpeModelKind kind, Dictionary<string, int> counts)
    {
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (kind == BpeModelKind.Metaspace)
        {
            if (line.Length == 0) return;
            // Normalizer: Prepend("▁") then Replace(" ", "▁"); the model then sees words that start at each "▁".
            var text = string.Concat("\u2581", line.Replace(' ', Metaspace)).AsSpan();
            int start = 0;
            for (int i = 1; i <= text.Length; i++)
            {
                if (i == text.Length || text[i] == Metaspace)
                {
                    Add(lookup, text[start..i]);
                    start = i;
                }
            }

            return;
        }

        // Byte-level keeps the newline, as Hugging Face's trainer does when reading files line by line.
        string withNewline = line + "\n";
        var buffer = new char[64];
        foreach (var match in ByteLevelAlphabet.Split().EnumerateMatches(withNewline))
        {
            Add(lookup, ByteLevelAlphabet.Map(withNewline.AsSpan(match.Index, match.Length), ref buffer));
        }
    }

    private static void Add(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, ReadOnlySpan<char> word)
    {
        if (word.IsEmpty) return;
        lookup[word] = lookup.TryGetValue(word, out int n) ? n + 1 : 1;
    }
}
