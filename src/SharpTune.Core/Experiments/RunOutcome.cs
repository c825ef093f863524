using SharpTune.Core.Evaluation;
using SharpTune.Text.Metrics;

namespace SharpTune.Core.Experiments;

/// <summary>
/// What one run of an experiment measured: its metrics (train_loss, eval_loss, … as `sharptune train` reports them),
/// its predictions (generated_predictions.jsonl) and, with compare_with_base, the base model's, plus timings.
/// </summary>
public sealed record RunOutcome(string Id, string OutputDir, IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<Prediction> Predictions)
{
    /// <summary>The base model's predictions (compare_with_base), else empty.</summary>
    public IReadOnlyList<Prediction> BasePredictions { get; init; } = [];

    /// <summary>Trainable parameters / all parameters (parameter_report.json), or null for a run without training.</summary>
    public double? TrainableShare { get; init; }

    /// <summary>The median training throughput over the optimizer steps, in tokens per second.</summary>
    public double? TokensPerSecond { get; init; }

    /// <summary>The process's peak RSS in MB during the training run (its high-water mark reset at the start), or null where
    /// the kernel does not allow the reset.</summary>
    public double? PeakRssMb { get; init; }

    /// <summary>The process's RSS in MB when the run started (what it already held: runtime, libtorch, earlier runs' caches).</summary>
    public double? StartRssMb { get; init; }

    /// <summary>Wall-clock seconds of the whole run.</summary>
    public double Seconds { get; init; }

    /// <summary>A metric that must exist (a missing one is a bug in the experiment, named here).</summary>
    public double Metric(string key) => Metrics.TryGetValue(key, out var v) ? v
        : throw new InvalidOperationException($"run {Id} has no metric '{key}' (it has {string.Join(", ", Metrics.Keys)})");

    /// <summary>Corpus chrF (sacreBLEU defaults) of the predictions against their labels.</summary>
    public double Chrf => Score(Predictions, "chrf");

    /// <summary>Corpus BLEU (sacreBLEU defaults) of the predictions against their labels.</summary>
    public double Bleu => Score(Predictions, "bleu");

    /// <summary>Corpus score <paramref name="metric"/> (bleu, chrf, …) of predictions against their labels; 0 for none.</summary>
    public static double Score(IReadOnlyList<Prediction> predictions, string metric) =>
        predictions.Count == 0 ? 0 : PredictRunner.Score(predictions)[metric] is ScoreResult { Score: { } s } ? s : 0;
}
