using System.Globalization;
using SharpTune.Core.Training;
using Spectre.Console;

namespace SharpTune.Cli;

/// <summary>
/// Shows a training run: a live Spectre.Console progress bar (step, epoch, loss, lr, tokens/s, ETA) on a terminal,
/// one plain line per logged step otherwise, so CI logs stay readable. The loss shown is the one trainer_log.jsonl
/// holds: the mean over the last logging window (as LLaMA-Factory prints the Trainer's logs), kept on the bar until
/// the next logging step.
/// </summary>
internal static class TrainingProgressView
{
    public static T Run<T>(Func<IProgress<TrainingProgress>, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
            return work(new LineProgress());
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

    /// <summary>The progress line: <paramref name="loss"/> is the last logged training loss (null before the first).</summary>
    internal static string Describe(TrainingProgress p, double? loss) => string.Create(CultureInfo.InvariantCulture,
        $"step {p.Step}/{p.TotalSteps} epoch {p.Epoch:0.00} loss {(loss is { } l ? l.ToString("0.0000", CultureInfo.InvariantCulture) : "-")} lr {p.LearningRate:0.00e+00} {p.TokensPerSecond:0} tok/s eta {TrainerLog.Clock(p.Remaining)}");

    sealed class Progress(ProgressTask task) : IProgress<TrainingProgress>
    {
        double? _loss;

        public void Report(TrainingProgress p)
        {
            task.MaxValue = p.TotalSteps;
            task.Value = p.Step;
            _loss = p.Loss ?? _loss;
            task.Description = p.EvalLoss is { } e ? string.Create(CultureInfo.InvariantCulture, $"eval loss {e:0.0000}") : Markup.Escape(Describe(p, _loss));
        }
    }

    /// <summary>One line per logging step, with the loss logged there.</summary>
    sealed class LineProgress : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            if (p.EvalLoss is { } e) Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {p.Step}/{p.TotalSteps} eval_loss {e:0.0000}"));
            else if (p.Loss is { } loss) Console.Error.WriteLine(Describe(p, loss));
        }
    }
}
