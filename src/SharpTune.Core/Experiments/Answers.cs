using SharpTune.Core.Evaluation;

namespace SharpTune.Core.Experiments;

/// <summary>Exact-match scoring of short answers (language names, first words): trimmed, case- and end-punctuation-insensitive.</summary>
public static class Answers
{
    public static string Normalize(string s) => s.Trim().TrimEnd('.', '!', '?', ',', ';', ':', '"', '\'').Trim().ToLowerInvariant();

    public static bool Matches(Prediction p) => Normalize(p.predict) == Normalize(p.label);

    /// <summary>The share (0–1) of exact matches; 0 for none.</summary>
    public static double Accuracy(IEnumerable<Prediction> predictions)
    {
        var list = predictions.ToList();
        return list.Count == 0 ? 0 : list.Count(Matches) / (double)list.Count;
    }

    /// <summary>Exact-match accuracy per family, pairing predictions with the dataset's rows in order (predict keeps it).</summary>
    public static IReadOnlyDictionary<string, double> ByFamily(IReadOnlyList<Prediction> predictions, IReadOnlyList<string> families) =>
        predictions.Zip(families).GroupBy(p => p.Second).ToDictionary(g => g.Key, g => Accuracy(g.Select(p => p.First)));
}
