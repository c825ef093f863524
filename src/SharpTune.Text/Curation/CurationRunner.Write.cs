namespace SharpTune.Text.Curation;

public static partial class CurationRunner
{
    private const int Examples = 5;

    static CurationSummary Write(CurationOptions options, RecordReader reader, ScoreTable table, Dictionary<string, int> groups,
        Dictionary<string, int> skipped, IProgress<CurationProgress>? progress, IScorePlotter? plotter)
    {
        var scorers = options.Rules.Scorers;
        var reasonCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        var firstReasons = new Dictionary<string, long>(StringComparer.Ordinal);
        var worst = new Dictionary<string, ExampleCollector>(StringComparer.Ordinal);
        var borderline = new Dictionary<string, ExampleCollector>(StringComparer.Ordinal);
        var bestKept = new ExampleCollector(Examples);
        var worstKept = new ExampleCollector(Examples);
        var groupNames = groups.OrderBy(g => g.Value).Select(g => g.Key).ToArray();
        var groupTotals = new long[groups.Count];
        var groupKept = new long[groups.Count];
        var files = new List<string>();
        long kept = 0;

        using var output = options.Output is null ? null : new RecordWriter(options.Output);
        using var dropped = options.Dropped is null ? null : new RecordWriter(options.Dropped);
        int index = 0;
        foreach (var record in reader.Read())
        {
            ulong reasons = table.Reasons(index);
            double combined = table.Combined(index);
            int group = table.Group(index);
            groupTotals[group]++;
            if (reasons == 0)
            {
                kept++;
                groupKept[group]++;
                bestKept.Offer(-combined, record, combined);
                worstKept.Offer(combined, record, combined);
                if (options.WriteAllWithScores) output?.Write(Annotate(record, table, index, scorers));
                else output?.Write(record.Json);
            }
            else
            {
                string annotated = Annotate(record, table, index, scorers);
                if (options.WriteAllWithScores) output?.Write(annotated);
                dropped?.Write(annotated);
                var names = ReasonNames(reasons, scorers);
                firstReasons[names[0]] = firstReasons.GetValueOrDefault(names[0]) + 1;
                foreach (string name in names)
                {
                    reasonCounts[name] = reasonCounts.GetValueOrDefault(name) + 1;
                    int s = IndexOf(scorers, name);
                    double score = s >= 0 ? table.Score(index, s) : combined;
                    double clean = s >= 0 ? scorers[s].Cleanliness(score) : combined;
                    Collector(worst, name).Offer(clean, record, score);
                    Collector(borderline, name).Offer(-clean, record, score);
                }
            }
            if (++index % ProgressEvery == 0) progress?.Report(new CurationProgress("writing", index, table.Count));
        }
        progress?.Report(new CurationProgress("writing", index, table.Count));
        output?.Commit();
        dropped?.Commit();
        if (options.Output != null) files.Add(options.Output);
        if (options.Dropped != null) files.Add(options.Dropped);

        var summary = new CurationSummary
        {
            Total = table.Count,
            Kept = kept,
            Reasons = reasonCounts,
            FirstReasons = firstReasons,
            Groups = groupNames.Select((g, i) => (g, i)).ToDictionary(x => x.g, x => (groupTotals[x.i], groupKept[x.i]), StringComparer.Ordinal),
            Skipped = skipped,
            Worst = worst.ToDictionary(kv => kv.Key, kv => kv.Value.Items, StringComparer.Ordinal),
            Borderline = borderline.ToDictionary(kv => kv.Key, kv => kv.Value.Items, StringComparer.Ordinal),
            BestKept = bestKept.Items,
            WorstKept = worstKept.Items,
            Files = files,
        };
        if (options.ReportDir is { } dir) files.AddRange(WriteReport(dir, options, table, summary, plotter));
        return summary;
    }

    static IEnumerable<string> WriteReport(string dir, CurationOptions options, ScoreTable table, CurationSummary summary, IScorePlotter? plotter)
    {
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        var plots = new List<(string Scorer, string File)>();
        var scorers = options.Rules.Scorers;
        if (plotter != null)
        {
            for (int s = 0; s < scorers.Count; s++)
            {
                var values = table.Column(s);
                if (values.Count == 0) continue;
                string file = $"score_{scorers[s].Name}.png";
                plotter.Plot(Path.Combine(dir, file), scorers[s], values);
                plots.Add((scorers[s].Name, file));
                written.Add(Path.Combine(dir, file));
            }
            var combined = Enumerable.Range(0, table.Count).Select(table.Combined).ToList();
            if (combined.Count > 0)
            {
                var pseudo = CombinedScorer(options);
                plotter.Plot(Path.Combine(dir, "score_combined.png"), pseudo, combined);
                plots.Add(("combined", "score_combined.png"));
                written.Add(Path.Combine(dir, "score_combined.png"));
            }
        }
        string report = Path.Combine(dir, "report.md");
        IO.AtomicFile.WriteAllText(report, CurationReport.Markdown(options, summary, plots));
        written.Insert(0, report);
        return written;
    }

    /// <summary>The combined score as a scorer, for its histogram: the threshold is --min_score (or 0 when none).</summary>
    static Scoring.Scorer CombinedScorer(CurationOptions options) => new()
    {
        Name = "combined",
        Description = "Weighted mean of the soft scores' cleanliness.",
        Direction = Scoring.ScoreDirection.HigherIsCleaner,
        Min = 0,
        Max = 1,
        Threshold = options.MinScore ?? double.NaN,
        Hard = false,
        Compute = _ => double.NaN,
    };

    static ExampleCollector Collector(Dictionary<string, ExampleCollector> map, string name)
    {
        if (!map.TryGetValue(name, out var c)) map[name] = c = new ExampleCollector(Examples);
        return c;
    }

    static int IndexOf(IReadOnlyList<Scoring.Scorer> scorers, string name)
    {
        for (int i = 0; i < scorers.Count; i++) if (scorers[i].Name == name) return i;
        return -1;
    }
}
