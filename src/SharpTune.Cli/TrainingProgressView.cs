using System.Globalization;
using SharpTune.Core.Training;
using Spectre.Console;

namespace SharpTune.Cli;

/// <summary>
/// Shows a training run: a live Spectre.Console progress bar (step, epoch, loss, lr, tokens/s, ETA) on a terminal,
/// one plain line per logged step otherwise, so CI logs stay readable.
/// </summary>
internal static class TrainingProgressView
{
    public static T Run<T>(int loggingSteps, Func<IProgress<TrainingProgress>, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
            return work(new LineProgress(loggingSteps));
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("training", maxValue: 1);
                result = work(new Progress(task));
            });
        return result;
    }

    static string Describe(TrainingProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"step {p.Step}/{p.TotalSteps} epoch {p.Epoch:0.00} loss {p.Loss:0.0000} lr {p.LearningRate:0.00e+00} {p.TokensPerSecond:0} tok/s eta {TrainerLog.Clock(p.Remaining)}");

    sealed class Progress(ProgressTask task) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            task.MaxValue = p.TotalSteps;
            task.Value = p.Step;
            task.Description = p.EvalLoss is { } e ? $"eval loss {e:0.0000}" : Markup.Escape(Describe(p));
        }
    }

    sealed class LineProgress(int every) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            if (p.EvalLoss is { } e) Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {p.Step}/{p.TotalSteps} eval_loss {e:0.0000}"));
            else if (p.Step % Math.Max(1, every) == 0 || p.Step == p.TotalSteps) Console.Error.WriteLine(Describe(p));
        }
    }
}
