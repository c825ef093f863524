using System.Diagnostics;
using SharpTune.Core.Training;

namespace SharpTune.Core.Experiments;

/// <summary>`sharptune experiment NAME`: checks the overrides, runs the experiment, writes report.md and results.json.</summary>
public static class ExperimentRunner
{
    /// <summary>Runs <paramref name="experiment"/> and returns the finished report with the path of report.md.</summary>
    public static (ExperimentReport Report, string Path) Run(IExperiment experiment, ExperimentSettings settings,
        Action<string>? info = null, IProgress<TrainingProgress>? progress = null)
    {
        ExperimentContext.CheckOverrides(settings.Overrides);
        if (!Directory.Exists(settings.ModelNameOrPath)) throw new DirectoryNotFoundException($"model_name_or_path {settings.ModelNameOrPath}: no such model folder (run from the repository root or give model_name_or_path=DIR)");
        if (!File.Exists(Path.Combine(settings.DatasetDir, "dataset_info.json"))) throw new FileNotFoundException($"dataset_dir {settings.DatasetDir}: no dataset_info.json there (run from the repository root or give dataset_dir=DIR)");
        var clock = Stopwatch.StartNew();
        var context = new ExperimentContext(settings, info, progress);
        var report = experiment.Run(context);
        string path = ReportWriter.Write(report, settings, context.Configs, clock.Elapsed.TotalSeconds);
        return (report, path);
    }
}
