using ScottPlot;
using SharpTune.Text.Curation;
using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Core.Evaluation;

/// <summary>
/// A data-curation score's histogram as PNG (ScottPlot, the conventions of the loss plot: 800×500, written to a
/// temporary file and renamed), with the scorer's threshold as a red vertical line and the accepted side named.
/// </summary>
public sealed class ScoreHistogramPlot : IScorePlotter
{
    private const int Bins = 50;

    /// <inheritdoc />
    public void Plot(string path, Scorer scorer, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return;
        double lo = Math.Min(scorer.Min, values.Min()), hi = Math.Max(scorer.Max, values.Max());
        if (hi <= lo) hi = lo + 1;
        double width = (hi - lo) / Bins;
        var counts = new double[Bins];
        foreach (double v in values) counts[Math.Clamp((int)((v - lo) / width), 0, Bins - 1)]++;

        var plot = new Plot();
        var bars = new List<Bar>();
        for (int i = 0; i < Bins; i++)
            bars.Add(new Bar { Position = lo + (i + 0.5) * width, Value = counts[i], Size = width * 0.95, FillColor = Colors.SteelBlue, LineWidth = 0 });
        plot.Add.Bars(bars);
        if (double.IsFinite(scorer.Threshold))
        {
            var line = plot.Add.VerticalLine(scorer.Threshold, 2, Colors.Red);
            line.LegendText = $"threshold {scorer.Threshold:G4} (clean: {(scorer.Direction == ScoreDirection.HigherIsCleaner ? "≥" : "≤")})";
            plot.ShowLegend();
        }
        plot.Axes.Margins(bottom: 0);
        plot.Title($"{scorer.Name} ({(scorer.Hard ? "hard" : "soft")}), {values.Count:N0} records");
        plot.XLabel(scorer.Name);
        plot.YLabel("records");
        string tmp = path + ".tmp.png";
        plot.SavePng(tmp, 800, 500);
        File.Move(tmp, path, overwrite: true);
    }
}
