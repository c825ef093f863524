using ScottPlot;

namespace SharpTune.Core.Training;

/// <summary>LLaMA-Factory's plot_loss: the raw curve and an EMA-smoothed one, saved as PNG (ScottPlot).</summary>
public static class LossPlot
{
    /// <summary>LLaMA-Factory's smoothing: EMA with weight 1.8·(sigmoid(0.05·n) − 0.5).</summary>
    public static double[] Smooth(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return [];
        double weight = 1.8 * (1.0 / (1.0 + Math.Exp(-0.05 * values.Count)) - 0.5);
        var result = new double[values.Count];
        double last = values[0];
        for (int i = 0; i < values.Count; i++) result[i] = last = last * weight + (1 - weight) * values[i];
        return result;
    }

    /// <summary>Writes training_loss.png and, when eval losses exist, training_eval_loss.png.</summary>
    public static IReadOnlyList<string> Write(string outputDir, IReadOnlyList<LogEntry> entries)
    {
        var written = new List<string>();
        var train = entries.Where(e => e.Loss.HasValue).ToList();
        var eval = entries.Where(e => e.EvalLoss.HasValue).ToList();
        if (train.Count > 0) written.Add(Save(outputDir, "training_loss.png", "training loss", train.Select(e => (double)e.Step).ToArray(), train.Select(e => e.Loss!.Value).ToArray()));
        if (eval.Count > 0) written.Add(Save(outputDir, "training_eval_loss.png", "evaluation loss", eval.Select(e => (double)e.Step).ToArray(), eval.Select(e => e.EvalLoss!.Value).ToArray()));
        return written;
    }

    static string Save(string dir, string file, string title, double[] steps, double[] values)
    {
        var plot = new Plot();
        var raw = plot.Add.Scatter(steps, values);
        raw.LegendText = "original";
        raw.Color = Colors.Blue.WithAlpha(0.4);
        raw.MarkerSize = 0;
        var smooth = plot.Add.Scatter(steps, Smooth(values));
        smooth.LegendText = "smoothed";
        smooth.Color = Colors.Blue;
        smooth.MarkerSize = 0;
        plot.Title($"{title} of {Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/'))}");
        plot.XLabel("step");
        plot.YLabel("loss");
        plot.ShowLegend();
        string path = Path.Combine(dir, file);
        string tmp = path + ".tmp.png";
        plot.SavePng(tmp, 800, 500);
        File.Move(tmp, path, overwrite: true);
        return path;
    }
}
