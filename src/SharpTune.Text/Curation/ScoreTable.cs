namespace SharpTune.Text.Curation;

/// <summary>
/// Every record's scores (float32, NaN = not applicable), reasons (a bit per hard scorer plus the dedup and rank
/// bits), combined score and group, in chunks: 1,000,000 records × 18 scorers take about 90 MB.
/// </summary>
internal sealed class ScoreTable(int scorers)
{
    public const int DuplicateBit = 61, NearDuplicateBit = 62, RankBit = 63;
    private const int ChunkRecords = 1 << 16;
    private readonly List<float[]> _scores = [];
    private readonly List<ulong[]> _reasons = [];
    private readonly List<float[]> _combined = [];
    private readonly List<int[]> _groups = [];

    public int Scorers { get; } = scorers;

    public int Count { get; private set; }

    public void Add(ReadOnlySpan<double> scores, ulong reasons, double combined, int group)
    {
        int chunk = Count / ChunkRecords, at = Count % ChunkRecords;
        if (at == 0)
        {
            _scores.Add(new float[ChunkRecords * Scorers]);
            _reasons.Add(new ulong[ChunkRecords]);
            _combined.Add(new float[ChunkRecords]);
            _groups.Add(new int[ChunkRecords]);
        }
        for (int s = 0; s < Scorers; s++) _scores[chunk][at * Scorers + s] = (float)scores[s];
        _reasons[chunk][at] = reasons;
        _combined[chunk][at] = (float)combined;
        _groups[chunk][at] = group;
        Count++;
    }

    public double Score(int record, int scorer) => _scores[record / ChunkRecords][(record % ChunkRecords) * Scorers + scorer];

    public ulong Reasons(int record) => _reasons[record / ChunkRecords][record % ChunkRecords];

    public void AddReason(int record, int bit) => _reasons[record / ChunkRecords][record % ChunkRecords] |= 1UL << bit;

    public double Combined(int record) => _combined[record / ChunkRecords][record % ChunkRecords];

    public int Group(int record) => _groups[record / ChunkRecords][record % ChunkRecords];

    /// <summary>The applicable values of one scorer.</summary>
    public List<double> Column(int scorer)
    {
        var values = new List<double>();
        for (int r = 0; r < Count; r++)
        {
            double v = Score(r, scorer);
            if (!double.IsNaN(v)) values.Add(v);
        }
        return values;
    }
}
