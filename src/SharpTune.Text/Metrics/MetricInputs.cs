namespace SharpTune.Text.Metrics;

/// <summary>Shared argument checks for corpus metrics: every reference stream must be parallel to the hypotheses.</summary>
internal static class MetricInputs
{
    /// <summary>
    /// Validates the sacreBLEU corpus shape and returns the number of references per segment as the signature
    /// reports it (-1 when it varies because some entries are null).
    /// </summary>
    public static int CheckStreams(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string?>> referenceStreams)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(referenceStreams);
        if (referenceStreams.Count == 0) throw new ArgumentException("At least one reference stream is required.");
        for (int s = 0; s < referenceStreams.Count; s++)
        {
            if (referenceStreams[s].Count != hypotheses.Count)
            {
                throw new ArgumentException(
                    $"Reference stream {s + 1} has {referenceStreams[s].Count} segments but there are {hypotheses.Count} hypotheses.");
            }
        }
        for (int i = 0; i < hypotheses.Count; i++)
        {
            if (hypotheses[i] is null) throw new ArgumentException($"Hypothesis {i + 1} is null.");
        }
        var seen = new HashSet<int>();
        var refs = new List<string>(referenceStreams.Count);
        for (int i = 0; i < hypotheses.Count; i++)
        {
            Gather(referenceStreams, i, refs);
            seen.Add(refs.Count);
        }
        return seen.Count == 1 ? seen.First() : seen.Count == 0 ? referenceStreams.Count : -1;
    }

    /// <summary>The non-null references of segment <paramref name="index"/>.</summary>
    public static void Gather(IReadOnlyList<IReadOnlyList<string?>> referenceStreams, int index, List<string> into)
    {
        into.Clear();
        foreach (var stream in referenceStreams)
        {
            if (stream[index] is { } r) into.Add(r);
        }
    }
}
