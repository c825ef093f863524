using System.Globalization;
using SharpTune.Text.Curation;
using Spectre.Console;

namespace SharpTune.Cli.Commands;

/// <summary>The curation progress bar (pass, records/s, ETA) on a terminal, and the printed summary.</summary>
internal static class DataProgressView
{
    public static CurationSummary Run(bool quiet, Func<IProgress<CurationProgress>?, CurationSummary> work)
    {
        if (quiet || !AnsiConsole.Profile.Capabilities.Interactive) return work(null);
        return AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("reading", maxValue: 1);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                string phase = "";
                var progress = new SynchronousProgress(p =>
                {
                    if (p.Phase != phase) { phase = p.Phase; clock.Restart(); }
                    double rate = p.Done / Math.Max(1e-3, clock.Elapsed.TotalSeconds);
                    task.Description = $"{p.Phase} {p.Done:N0}{(p.Total > 0 ? $"/{p.Total:N0}" : "")} ({rate:N0} records/s)";
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Total > 0 ? p.Done : 0;
                });
                return work(progress);
            });
    }

    public static void PrintSummary(CurationSummary s)
    {
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Total:N0} records, {s.Kept:N0} kept, {s.Dropped:N0} dropped."));
        foreach (var (reason, count) in s.Reasons.OrderByDescending(r => r.Value))
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {reason,-16} {count,10:N0}"));
        foreach (var (cause, count) in s.Skipped) Console.Out.WriteLine($"  skipped ({cause}): {count:N0}");
        foreach (var f in s.Files) Console.Out.WriteLine($"wrote {f}");
    }

    sealed class SynchronousProgress(Action<CurationProgress> report) : IProgress<CurationProgress>
    {
        public void Report(CurationProgress value) => report(value);
    }
}
