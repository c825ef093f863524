namespace SharpTune.Core.Training;

/// <summary>
/// What a running training reports after each optimizer step (and each evaluation). <see cref="Loss"/> is what
/// trainer_log.jsonl records at a logging step, the mean over the logging window rounded to 4 decimals (as Hugging Face's
/// Trainer logs it and LLaMA-Factory prints it), and null at the steps in between.
/// </summary>
public sealed record TrainingProgress(int Step, int TotalSteps, double Epoch, double? Loss, double LearningRate, double TokensPerSecond, TimeSpan Elapsed, TimeSpan Remaining, double? EvalLoss = null);

/// <summary>The outcome of a training run.</summary>
public sealed record TrainingResult(int GlobalStep, double TrainLoss, double? EvalLoss, IReadOnlyDictionary<string, double> Metrics, string OutputDir)
{
    /// <summary>With compare_with_base: the base model's and the fine-tuned model's answers to the prediction prompts.</summary>
    public Evaluation.BaseComparison? Comparison { get; init; }
}

/// <summary>Loss became NaN or infinite: the run stops and the last good checkpoint is kept.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
