using System.Text.Json.Nodes;
using Xunit.Abstractions;
using SharpTune.Text.Curation;

namespace SharpTune.Text.Tests.Curation;

public sealed class CorruptedPairsFilterTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sharptune-curation-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Filter_keeps_at_least_95_percent_clean_pairs_and_at_least_90_percent_of_the_clean_ones()
    {
        string input = CorruptedPairs.Write(_dir);
        string kept = Path.Combine(_dir, "kept.jsonl");
        var summary = CurationRunner.Run(new CurationOptions { Input = input, Output = kept, Dropped = Path.Combine(_dir, "dropped.jsonl") });

        var kinds = File.ReadLines(kept).Select(l => (string)JsonNode.Parse(l)!["kind"]!).ToList();
        int cleanTotal = CorruptedPairs.Clean().Count;
        int cleanKept = kinds.Count(k => k == "clean");
        double precision = (double)cleanKept / kinds.Count;
        double recall = (double)cleanKept / cleanTotal;
        var leaked = kinds.Where(k => k != "clean").GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
        string detail = $"precision {precision:P1}, recall {recall:P1}, corrupted kept: {string.Join(", ", leaked.Select(kv => $"{kv.Key} {kv.Value}"))}";
        output.WriteLine(detail);
        Assert.True(precision >= 0.95, detail);
        Assert.True(recall >= 0.90, detail);
        Assert.Equal(summary.Kept, kinds.Count);
    }

    [Fact]
    public void Every_dropped_pair_carries_its_scores_and_at_least_one_reason()
    {
        string input = CorruptedPairs.Write(_dir);
        string dropped = Path.Combine(_dir, "dropped.jsonl");
        var summary = CurationRunner.Run(new CurationOptions { Input = input, Dropped = dropped });

        var lines = File.ReadAllLines(dropped);
        Assert.Equal(summary.Dropped, lines.Length);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var curation = JsonNode.Parse(line)!["curation"]!;
            Assert.NotEmpty(curation["reasons"]!.AsArray());
            Assert.False((bool)curation["kept"]!);
            Assert.NotNull(curation["scores"]!["length_ratio"]);
        }
        Assert.Equal(summary.Dropped, summary.FirstReasons.Values.Sum());
    }
}
