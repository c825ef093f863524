using System.Text.Json;
using System.Text.Json.Nodes;
using SharpTune.Text.Curation.Dedup;
using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Text.Curation;

/// <summary>
/// `sharptune data score | filter | dedup` as three streaming passes over the input: (1) read and validate every
/// record, learning the corpus's length-ratio medians and the strata; (2) score every record, keeping only its scores
/// and reasons (about 90 bytes a record), deduplicate, then select; (3) read again and write kept and dropped
/// records in input order, each dropped one with its scores and reasons. Nothing holds the records themselves.
/// </summary>
public static partial class CurationRunner
{
    private const int ProgressEvery = 4096, Batch = 4096;

    /// <summary>Runs curation with <paramref name="options"/>; <paramref name="plotter"/> draws the report's histograms.</summary>
    public static CurationSummary Run(CurationOptions options, IProgress<CurationProgress>? progress = null, IScorePlotter? plotter = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var reader = new RecordReader(options.Input, options.Format, options.Strata) { SkipInvalid = options.SkipInvalid };
        var scorers = options.Rules.Scorers;
        if (scorers.Count(s => s.Hard) > ScoreTable.DuplicateBit) throw new ArgumentException($"At most {ScoreTable.DuplicateBit} hard scorers are supported.");

        // Pass 1: validate, count, strata, length-ratio medians.
        var ratios = new LengthRatioModel();
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        long total = 0;
        foreach (var record in reader.Read())
        {
            if (options.Format.Kind == RecordKind.Pairs) ratios.Add(record.First.AsSpan().Trim().Length, record.Second.AsSpan().Trim().Length);
            if (!groups.ContainsKey(record.Group)) groups[record.Group] = groups.Count;
            if (++total % ProgressEvery == 0) progress?.Report(new CurationProgress("reading", total, 0));
        }
        var skipped = new Dictionary<string, int>(reader.Skipped);
        progress?.Report(new CurationProgress("reading", total, total));

        // Pass 2: score, deduplicate, select.
        var context = new ScoringContext
        {
            FirstLanguage = options.Format.Kind == RecordKind.Pairs ? options.Format.Source : null,
            SecondLanguage = options.Format.Kind == RecordKind.Pairs ? options.Format.Target : options.Format.ResponseLanguage,
            LengthRatios = ratios,
            LanguageIdentifier = options.LanguageIdentifier ?? LanguageIdentifier.Default,
        };
        var table = new ScoreTable(scorers.Count);
        var exact = options.Dedup is { } key ? new ExactDeduplicator(key) : null;
        var near = options.NearDuplicates ? new MinHashDeduplicator(options.NearDuplicateThreshold, options.Permutations, seed: options.Seed) : null;
        _ = ratios.Median(0);                                                   // medians computed before the threads read them
        var batch = new List<CurationRecord>(Batch);
        var rows = new double[Batch * scorers.Count];
        var hard = new ulong[Batch];
        var keys = new (string First, string Second)[Batch];
        var losses = new ModelLosses[Batch];
        Array.Fill(losses, ModelLosses.None);
        void Flush()
        {
            // The model measures the whole batch in batched forward passes first (its own threads).
            if (options.Model is { } model && batch.Count > 0)
            {
                int before = table.Count;
                model.Measure(batch, options.Format, losses.AsSpan(0, batch.Count), n => progress?.Report(new CurationProgress("scoring", before + n, total)));
            }
            // Scoring is pure and runs on every core; deduplication and the table keep input order.
            Parallel.For(0, batch.Count, i =>
            {
                hard[i] = Score(batch[i], context, scorers, rows.AsSpan(i * scorers.Count, scorers.Count), out var view, losses[i]);
                keys[i] = (view.First.Key, view.Second.Key);
            });
            for (int i = 0; i < batch.Count; i++)
            {
                ulong reasons = hard[i];
                var row = rows.AsSpan(i * scorers.Count, scorers.Count);
                if (reasons == 0 && exact != null && exact.IsDuplicate(keys[i].First, keys[i].Second)) reasons |= 1UL << ScoreTable.DuplicateBit;
                if (reasons == 0 && near != null && near.IsDuplicate(batch[i].First + "\n" + batch[i].Second)) reasons |= 1UL << ScoreTable.NearDuplicateBit;
                table.Add(row, reasons, options.Rules.Combine(row), groups[batch[i].Group]);
            }
            batch.Clear();
            progress?.Report(new CurationProgress("scoring", table.Count, total));
        }
        foreach (var record in reader.Read())
        {
            batch.Add(record);
            if (batch.Count == Batch) Flush();
        }
        Flush();
        if (table.Count != total) throw new IOException($"{options.Input} changed while it was being read ({total} then {table.Count} records).");
        Selection.Apply(table, groups.Count, options.KeepTop, options.MinScore, options.Seed);

        // Pass 3: write.
        return Write(options, reader, table, groups, skipped, progress, plotter);
    }

    /// <summary>Scores one record: fills <paramref name="scores"/> and returns the bits of the hard rules it fails.</summary>
    internal static ulong Score(CurationRecord record, ScoringContext context, IReadOnlyList<Scorer> scorers, Span<double> scores, out SampleView view,
        ModelLosses? losses = null)
    {
        view = new SampleView(TextSide.Analyze(record.First), TextSide.Analyze(record.Second), context) { Losses = losses ?? ModelLosses.None };
        ulong reasons = 0;
        for (int i = 0; i < scorers.Count; i++)
        {
            double s = scorers[i].Compute(view);
            scores[i] = s;
            if (scorers[i].Hard && !scorers[i].Accepts(s)) reasons |= 1UL << i;
        }
        return reasons;
    }

    /// <summary>The reason names of a record's bits, in report order.</summary>
    internal static List<string> ReasonNames(ulong reasons, IReadOnlyList<Scorer> scorers)
    {
        var names = new List<string>();
        for (int i = 0; i < scorers.Count; i++) if ((reasons & (1UL << i)) != 0) names.Add(scorers[i].Name);
        if ((reasons & (1UL << ScoreTable.DuplicateBit)) != 0) names.Add("duplicate");
        if ((reasons & (1UL << ScoreTable.NearDuplicateBit)) != 0) names.Add("near_duplicate");
        if ((reasons & (1UL << ScoreTable.RankBit)) != 0) names.Add("rank");
        return names;
    }

    /// <summary>The record's JSON with a "curation" object: combined score, kept, reasons, every score (null = not applicable).</summary>
    internal static string Annotate(CurationRecord record, ScoreTable table, int index, IReadOnlyList<Scorer> scorers)
    {
        var node = JsonNode.Parse(record.Json)!.AsObject();
        var scoreObject = new JsonObject();
        for (int s = 0; s < scorers.Count; s++)
        {
            double v = table.Score(index, s);
            scoreObject[scorers[s].Name] = double.IsNaN(v) ? null : JsonValue.Create(Math.Round(v, 4));
        }
        var reasons = new JsonArray([.. ReasonNames(table.Reasons(index), scorers).Select(n => (JsonNode)JsonValue.Create(n))]);
        node["curation"] = new JsonObject
        {
            ["score"] = Math.Round(table.Combined(index), 4),
            ["kept"] = table.Reasons(index) == 0,
            ["reasons"] = reasons,
            ["scores"] = scoreObject,
        };
        return node.ToJsonString(JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
