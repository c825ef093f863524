using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Text.Curation;

/// <summary>Draws a score's histogram with its threshold marked (implemented with ScottPlot in SharpTune.Core).</summary>
public interface IScorePlotter
{
    /// <summary>Writes a PNG of <paramref name="values"/> (NaN excluded by the caller) to <paramref name="path"/>.</summary>
    void Plot(string path, Scorer scorer, IReadOnlyList<double> values);
}
