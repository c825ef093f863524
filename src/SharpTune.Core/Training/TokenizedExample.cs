namespace SharpTune.Core.Training;

/// <summary>
/// One preprocessed example: token ids and labels (−100 = not learned), equal lengths. A causal LM's label is either
/// its own token or −100, so such labels are kept as one bit per token instead of a second int array (which would
/// double the memory of a tokenized dataset: 300 000 alpaca records of ~130 tokens hold ~150 MB of labels); labels of
/// any other kind are kept as given.
/// </summary>
public sealed class TokenizedExample
{
    public const int IgnoreIndex = -100;

    /// <summary>Token ids.</summary>
    public int[] InputIds { get; }

    readonly ulong[]? _learned;                                                             // bit i: label i is InputIds[i]
    readonly int[]? _labels;                                                                // only when some label is neither

    public TokenizedExample(int[] inputIds, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != inputIds.Length)
            throw new ArgumentException($"{inputIds.Length} input ids but {labels.Length} labels: they must have equal lengths");
        InputIds = inputIds;
        var learned = new ulong[(inputIds.Length + 63) / 64];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] == inputIds[i] && labels[i] != IgnoreIndex) learned[i >> 6] |= 1UL << (i & 63);
            else if (labels[i] != IgnoreIndex) { _labels = labels; return; }
        }
        _learned = learned;
    }

    /// <summary>Number of tokens.</summary>
    public int Length => InputIds.Length;

    /// <summary>The label at position i.</summary>
    public int Label(int i)
    {
        if ((uint)i >= (uint)InputIds.Length) throw new IndexOutOfRangeException($"label {i} of an example of {InputIds.Length} tokens");
        if (_labels is not null) return _labels[i];
        return (_learned![i >> 6] & (1UL << (i & 63))) != 0 ? InputIds[i] : IgnoreIndex;
    }

    /// <summary>All labels, as a new array.</summary>
    public int[] Labels => _labels is not null ? (int[])_labels.Clone() : Enumerable.Range(0, InputIds.Length).Select(Label).ToArray();

    /// <summary>The first <paramref name="length"/> tokens and their labels.</summary>
    public TokenizedExample Truncate(int length) =>
        new(InputIds[..length], _labels?[..length] ?? Enumerable.Range(0, length).Select(Label).ToArray());

    /// <summary>Number of learned (non-ignored) label positions.</summary>
    public int LearnedTokens => _labels is not null
        ? _labels.Count(l => l != IgnoreIndex)
        : _learned!.Sum(w => System.Numerics.BitOperations.PopCount(w));
}
