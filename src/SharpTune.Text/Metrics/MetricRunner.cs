using System.Text;

namespace SharpTune.Text.Metrics;

/// <summary>
/// Reads hypothesis / reference files and scores them: the library side of <c>sharptune score</c>.
/// Files are UTF-8, one segment per line; every reference file must have as many lines as the hypothesis file.
/// </summary>
public static class MetricRunner
{
    /// <summary>The metric names <see cref="ScoreRequest.Metric"/> accepts.</summary>
    public static IReadOnlyList<string> Metrics { get; } = ["bleu", "chrf", "chrf++", "rouge", "bleu-4-lf", "rouge-lf"];

    /// <summary>Reads the files named in <paramref name="request"/> and scores them.</summary>
    /// <exception cref="ArgumentException">Unknown metric / tokenizer, mismatched line counts, or invalid UTF-8.</exception>
    public static ScoreResult Run(ScoreRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Metrics.Contains(request.Metric))
        {
            throw new ArgumentException($"Unknown metric '{request.Metric}'; expected one of: {string.Join(", ", Metrics)}.");
        }
        if (request.ReferencePaths.Count == 0) throw new ArgumentException("At least one reference file is required.");
        var hypotheses = ReadLines(request.HypothesisPath, "hypothesis");
        var streams = new List<IReadOnlyList<string?>>();
        foreach (var path in request.ReferencePaths)
        {
            var refs = ReadLines(path, "reference");
            if (refs.Count != hypotheses.Count)
            {
                throw new ArgumentException(
                    $"Hypothesis file '{request.HypothesisPath}' has {hypotheses.Count} lines but reference file '{path}' has {refs.Count} lines.");
            }
            streams.Add(refs);
        }
        return Score(request, hypotheses, streams);
    }

    /// <summary>Scores in-memory segments as <see cref="Run"/> does after reading the files.</summary>
    public static ScoreResult Score(ScoreRequest request, IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string?>> streams)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Tokenize is not null && request.Metric is not ("bleu" or "rouge"))
        {
            throw new ArgumentException($"--tokenize applies to bleu and rouge, not {request.Metric}.");
        }
        return request.Metric switch
        {
            "bleu" => MetricRunnerScorers.Bleu(request, hypotheses, streams),
            "chrf" or "chrf++" => MetricRunnerScorers.Chrf(request, hypotheses, streams),
            "rouge" => MetricRunnerScorers.Rouge(request, hypotheses, streams),
            _ => MetricRunnerScorers.LlamaFactory(request, hypotheses, streams),
        };
    }

    /// <summary>Reads a UTF-8 text file as lines (a final newline does not add an empty line).</summary>
    public static List<string> ReadLines(string path, string role)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"The {role} file '{path}' does not exist.", path);
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        try
        {
            return [.. File.ReadLines(path, strict)];
        }
        catch (DecoderFallbackException e)
        {
            throw new ArgumentException($"The {role} file '{path}' is not valid UTF-8 (byte offset {e.Index}).", e);
        }
    }
}
