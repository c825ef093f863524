using SharpTune.Text.Metrics;

namespace SharpTune.Core.Evaluation;

/// <summary>One held-out prompt answered by the base model and by the fine-tuned one.</summary>
public sealed record ComparisonRow(string Prompt, string Label, string Base, string FineTuned);

/// <summary>
/// compare_with_base: the same prediction prompts answered by the base model and by the fine-tuned model, with
/// their corpus chrF and BLEU (sacreBLEU defaults), written as generated_predictions_base.jsonl /
/// predict_results_base.json next to the fine-tuned model's files.
/// </summary>
public sealed record BaseComparison(PredictResult Base, PredictResult FineTuned)
{
    /// <summary>File name suffix of the base model's prediction files.</summary>
    public const string BaseSuffix = "_base";

    /// <summary>
    /// <paramref name="count"/> prompts spread evenly over the file (the first, then every n/count-th), with both answers
    /// and the reference: a test set made of several families in turn shows each of them.
    /// </summary>
    public IReadOnlyList<ComparisonRow> Rows(int count)
    {
        var pairs = FineTuned.Predictions.Zip(Base.Predictions).ToList();
        int n = pairs.Count, k = Math.Min(Math.Max(0, count), n);
        return Enumerable.Range(0, k).Select(i => pairs[(int)((long)i * n / k)])
            .Select(p => new ComparisonRow(p.First.prompt, p.First.label, p.Second.predict, p.First.predict))
            .ToList();
    }

    public double BaseChrf => ScoreOf(Base, "chrf");
    public double FineTunedChrf => ScoreOf(FineTuned, "chrf");
    public double BaseBleu => ScoreOf(Base, "bleu");
    public double FineTunedBleu => ScoreOf(FineTuned, "bleu");

    /// <summary>The four scores as metrics (predict_chrf, predict_bleu, predict_base_chrf, predict_base_bleu).</summary>
    public IReadOnlyDictionary<string, double> Metrics() => new Dictionary<string, double>
    {
        ["predict_chrf"] = Math.Round(FineTunedChrf, 4),
        ["predict_bleu"] = Math.Round(FineTunedBleu, 4),
        ["predict_base_chrf"] = Math.Round(BaseChrf, 4),
        ["predict_base_bleu"] = Math.Round(BaseBleu, 4),
    };

    static double ScoreOf(PredictResult r, string metric) =>
        r.Scores.TryGetValue(metric, out var s) && s is ScoreResult { Score: { } v } ? v
            : throw new InvalidOperationException($"the prediction scores have no {metric} score");
}
