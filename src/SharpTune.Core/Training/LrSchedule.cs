namespace SharpTune.Core.Training;

/// <summary>The learning-rate multipliers of transformers' get_scheduler, as a pure function of the step.</summary>
public static class LrSchedule
{
    public static readonly string[] Types = ["linear", "cosine", "constant", "constant_with_warmup"];

    /// <summary>Multiplier of the peak learning rate after <paramref name="step"/> scheduler steps (0-based).</summary>
    public static double Factor(string type, int step, int warmup, int total)
    {
        bool warm = step < warmup;
        double warmFactor = warmup > 0 ? (double)step / warmup : 1.0;
        return type switch
        {
            "constant" => 1.0,
            "constant_with_warmup" => warm ? warmFactor : 1.0,
            "linear" => warm ? warmFactor : Math.Max(0.0, (double)(total - step) / Math.Max(1, total - warmup)),
            "cosine" => warm ? warmFactor : Math.Max(0.0, 0.5 * (1.0 + Math.Cos(Math.PI * (double)(step - warmup) / Math.Max(1, total - warmup)))),
            _ => throw new ArgumentException($"lr_scheduler_type '{type}' is not one of {string.Join(", ", Types)}"),
        };
    }

    /// <summary>Warm-up steps: warmup_steps when positive, else ceil(warmup_ratio × total) as transformers.</summary>
    public static int WarmupSteps(int warmupSteps, double warmupRatio, int total) =>
        warmupSteps > 0 ? warmupSteps : (int)Math.Ceiling(warmupRatio * total);
}
