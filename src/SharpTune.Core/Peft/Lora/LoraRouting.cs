using static TorchSharp.torch;

namespace SharpTune.Core.Peft.Lora;

/// <summary>
/// Which loaded adapter each row of the next forward pass uses (PEFT's mixed-batch inference, <c>adapter_names</c>),
/// shared by every <see cref="MultiLoraLinear"/> of one model. Index −1 is the base (no adapter delta). The row
/// groups are built once per assignment, not once per layer.
/// </summary>
public sealed class LoraRouting : IDisposable
{
    readonly List<(int adapter, Tensor rows)> _groups = [];

    /// <summary>The adapter every row uses when all rows agree (−1 = base), else null (see <see cref="Groups"/>).</summary>
    public int? Uniform { get; private set; } = -1;

    /// <summary>For a mixed batch: each adapter present and the int64 indices of its rows (base rows are left out).</summary>
    public IReadOnlyList<(int adapter, Tensor rows)> Groups => _groups;

    /// <summary>Sets the adapter of each row (−1 for the base) for the following forward passes.</summary>
    public void Assign(IReadOnlyList<int> adapterPerRow, Device device)
    {
        Clear();
        if (adapterPerRow.Count == 0) { Uniform = -1; return; }
        if (adapterPerRow.All(a => a == adapterPerRow[0])) { Uniform = adapterPerRow[0]; return; }
        Uniform = null;
        foreach (var g in Enumerable.Range(0, adapterPerRow.Count).Where(r => adapterPerRow[r] >= 0).GroupBy(r => adapterPerRow[r]).OrderBy(g => g.Key))
            _groups.Add((g.Key, tensor(g.Select(r => (long)r).ToArray(), device: device).DetachFromDisposeScope()));
    }

    void Clear()
    {
        foreach (var (_, rows) in _groups) rows.Dispose();
        _groups.Clear();
    }

    public void Dispose() => Clear();
}
