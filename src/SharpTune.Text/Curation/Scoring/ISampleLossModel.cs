namespace SharpTune.Text.Curation.Scoring;

/// <summary>
/// The seam between curation (no TorchSharp) and a language model that measures <see cref="ModelLosses"/>:
/// SharpTune.Core implements it with batched forward passes, the command line wires it in.
/// </summary>
public interface ISampleLossModel
{
    /// <summary>
    /// Measures every record of <paramref name="records"/> into the same index of <paramref name="losses"/>;
    /// <paramref name="measured"/> hears how many records of this call are finished as the work goes on.
    /// </summary>
    void Measure(IReadOnlyList<CurationRecord> records, RecordFormat format, Span<ModelLosses> losses, Action<int>? measured = null);
}
