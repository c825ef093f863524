namespace SharpTune.Text.Metrics;

/// <summary>One scoring routine per metric family for <see cref="MetricRunner"/>.</summary>
internal static class MetricRunnerScorers
{
    public static ScoreResult Bleu(ScoreRequest request, IReadOnlyList<string> hyps, IReadOnlyList<IReadOnlyList<string?>> streams)
    {
        var options = new BleuOptions { Tokenize = request.Tokenize ?? BleuTokenizer.Default, Lowercase = request.Lowercase };
        var s = Metrics.Bleu.Corpus(hyps, streams, options);
        List<IReadOnlyDictionary<string, double>>? sentences = null;
        if (request.Sentence)
        {
            var sentenceOptions = options with { EffectiveOrder = true };
            sentences = PerLine(hyps, streams, (h, r) => One("bleu", Metrics.Bleu.Sentence(h, r, sentenceOptions).Score));
        }
        return new ScoreResult
        {
            Metric = "bleu", Score = s.Score, Signature = s.Signature, Counts = s.Counts, Totals = s.Totals,
            Precisions = s.Precisions, Bp = s.Bp, SysLen = s.SysLen, RefLen = s.RefLen, Lines = hyps.Count,
            Sentences = sentences,
        };
    }

    public static ScoreResult Chrf(ScoreRequest request, IReadOnlyList<string> hyps, IReadOnlyList<IReadOnlyList<string?>> streams)
    {
        var options = new ChrfOptions { WordOrder = request.Metric == "chrf++" ? 2 : 0, Lowercase = request.Lowercase };
        var s = Metrics.Chrf.Corpus(hyps, streams, options);
        var sentences = request.Sentence
            ? PerLine(hyps, streams, (h, r) => One(request.Metric, Metrics.Chrf.Sentence(h, r, options).Score))
            : null;
        return new ScoreResult { Metric = request.Metric, Score = s.Score, Signature = s.Signature, Lines = hyps.Count, Sentences = sentences };
    }

    /// <summary>rouge-score has no corpus level: the mean over lines of each type's F-measure, ×100 (score_multi for several references).</summary>
    public static ScoreResult Rouge(ScoreRequest request, IReadOnlyList<string> hyps, IReadOnlyList<IReadOnlyList<string?>> streams)
    {
        var tokenization = request.Tokenize switch
        {
            null or "default" => RougeTokenization.Default,
            "char" => RougeTokenization.Char,
            _ => throw new ArgumentException($"ROUGE supports --tokenize default or char, not '{request.Tokenize}'."),
        };
        var scorer = new RougeScorer(new RougeOptions { UseStemmer = request.Stem, Tokenization = tokenization });
        var perLine = PerLine(hyps, streams, (h, r) => scorer.ScoreMulti(r, h).ToDictionary(kv => kv.Key, kv => kv.Value.FMeasure * 100));
        return new ScoreResult
        {
            Metric = "rouge", Scores = Mean(perLine, ["rouge1", "rouge2", "rougeL", "rougeLsum"]), Lines = hyps.Count,
            Sentences = request.Sentence ? perLine : null,
        };
    }

    public static ScoreResult LlamaFactory(ScoreRequest request, IReadOnlyList<string> hyps, IReadOnlyList<IReadOnlyList<string?>> streams)
    {
        if (streams.Count != 1) throw new ArgumentException($"{request.Metric} takes exactly one reference file (LLaMA-Factory compares with one label).");
        var labels = streams[0].Select(l => l ?? "").ToList();
        var perLine = hyps.Select((h, i) => LlamaFactoryMetrics.Sample(h, labels[i])).ToList();
        if (request.Metric == "bleu-4-lf")
        {
            return new ScoreResult
            {
                Metric = request.Metric, Score = Mean(perLine, ["bleu-4-lf"])["bleu-4-lf"], Lines = hyps.Count,
                Sentences = request.Sentence ? perLine.Select(d => One("bleu-4-lf", d["bleu-4-lf"])).ToList() : null,
            };
        }
        string[] names = ["rouge-1-lf", "rouge-2-lf", "rouge-l-lf"];
        return new ScoreResult
        {
            Metric = request.Metric, Scores = Mean(perLine, names), Lines = hyps.Count,
            Sentences = request.Sentence
                ? perLine.Select(d => (IReadOnlyDictionary<string, double>)names.ToDictionary(n => n, n => d[n])).ToList()
                : null,
        };
    }

    private static IReadOnlyDictionary<string, double> One(string name, double value) =>
        new Dictionary<string, double>(StringComparer.Ordinal) { [name] = value };

    private static List<IReadOnlyDictionary<string, double>> PerLine(IReadOnlyList<string> hyps,
        IReadOnlyList<IReadOnlyList<string?>> streams, Func<string, List<string>, IReadOnlyDictionary<string, double>> score)
    {
        var result = new List<IReadOnlyDictionary<string, double>>(hyps.Count);
        var refs = new List<string>();
        for (int i = 0; i < hyps.Count; i++)
        {
            MetricInputs.Gather(streams, i, refs);
            result.Add(score(hyps[i], [.. refs]));
        }
        return result;
    }

    private static Dictionary<string, double> Mean(IReadOnlyList<IReadOnlyDictionary<string, double>> rows, string[] names) =>
        names.ToDictionary(n => n, n => rows.Count == 0 ? 0.0 : rows.Average(r => r[n]), StringComparer.Ordinal);
}
