using ScottPlot;

namespace SharpTune.Core.Experiments;

/// <summary>One measured value per group, with its spread over seeds.</summary>
public sealed record PlotBar(string Label, double Mean, double Min, double Max);

/// <summary>
/// The report's bar charts (ScottPlot, the loss plot's conventions: 800×500 PNG written to a temporary file and
/// renamed): one bar per group at its mean over seeds, with a whisker from the lowest to the highest seed.
/// </summary>
public static class ExperimentPlot
{
    /// <summary>Writes <paramref name="file"/> into <paramref name="dir"/> and returns the file name (for the report's link).</summary>
    public static string Bars(string dir, string file, string title, string yLabel, IReadOnlyList<PlotBar> bars)
    {
        if (bars.Count == 0) throw new ArgumentException($"plot {file}: nothing to plot");
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var items = bars.Select((b, i) => new Bar
        {
            Position = i,
            Value = Finite(b.Mean),
            Error = 0,
            FillColor = palette.GetColor(i),
            LineWidth = 0,
        }).ToList();
        plot.Add.Bars(items);
        for (int i = 0; i < bars.Count; i++)
            if (bars[i].Max > bars[i].Min)
            {
                var whisker = plot.Add.Line(i, Finite(bars[i].Min), i, Finite(bars[i].Max));
                whisker.Color = Colors.Black;
                whisker.LineWidth = 2;
            }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray(), bars.Select(b => b.Label).ToArray());
        if (bars.Count > 5)                               // many bars: slanted labels that end at their tick, with room below
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = 20 + 6.5f * bars.Max(b => b.Label.Length) * 0.5f;   // sin 30° of the longest label
        }
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.YLabel(yLabel);
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, file);
        string tmp = path + ".tmp.png";
        plot.SavePng(tmp, 800, 500);
        File.Move(tmp, path, overwrite: true);
        return file;
    }

    /// <summary>The bar of <paramref name="values"/> (one per seed).</summary>
    public static PlotBar Of(string label, IReadOnlyList<double> values) => new(label, values.Average(), values.Min(), values.Max());

    static double Finite(double v) => double.IsFinite(v) ? v : 0;
}
