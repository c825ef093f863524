using System.Text.Json.Nodes;
using SharpTune.Text.Curation;
using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Text.Tests.Curation;

public sealed class ModelScorersTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sharptune-model-scores-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static double Score(RecordKind kind, string name, ModelLosses losses)
    {
        var view = new SampleView(TextSide.Analyze("Open the file"), TextSide.Analyze("Abrir el archivo"), new ScoringContext()) { Losses = losses };
        return ModelScorers.For(kind).Single(s => s.Name == name).Compute(view);
    }

    [Fact]
    public void Ifd_is_the_conditioned_loss_over_the_loss_alone()
    {
        Assert.Equal(0.5, ModelScorers.InstructionFollowingDifficulty(2.0, 4.0), 12);
        Assert.Equal(1.25, Score(RecordKind.Alpaca, "ifd", new ModelLosses(1, 4, 5, double.NaN)), 12);
        Assert.True(double.IsNaN(ModelScorers.InstructionFollowingDifficulty(2.0, double.NaN)));
        Assert.True(double.IsNaN(ModelScorers.InstructionFollowingDifficulty(2.0, 0.0)), "a response that costs nothing alone has no ratio");
    }

    [Fact]
    public void Agreement_is_the_difference_of_the_two_directions_plus_their_mean()
    {
        Assert.Equal(6.0, ModelScorers.Agreement(3, 5), 12);                  // |3 − 5| + ½(3 + 5)
        Assert.Equal(6.0, ModelScorers.Agreement(5, 3), 12);
        Assert.Equal(4.0, ModelScorers.Agreement(4, 4), 12);
        Assert.Equal(4.5, Score(RecordKind.Pairs, "ce_agreement", new ModelLosses(1, 2, 3, 4)), 12);   // H(tgt|src) 3, H(src|tgt) 4
    }

    [Fact]
    public void Perplexities_are_exponentials_of_each_side_and_nothing_applies_without_a_model()
    {
        var losses = new ModelLosses(Math.Log(50), Math.Log(20), 1, 2);
        Assert.Equal(50, Score(RecordKind.Pairs, "ppl_src", losses), 9);
        Assert.Equal(20, Score(RecordKind.Pairs, "ppl_tgt", losses), 9);
        Assert.Equal(20, Score(RecordKind.ShareGpt, "ppl_response", losses), 9);
        Assert.All(ModelScorers.For(RecordKind.Pairs), s => Assert.True(double.IsNaN(Score(RecordKind.Pairs, s.Name, ModelLosses.None)), s.Name));
    }

    [Fact]
    public void Model_scorers_are_soft_and_join_the_rules_only_with_a_model()
    {
        Assert.All(ModelScorers.For(RecordKind.Pairs).Concat(ModelScorers.For(RecordKind.Alpaca)), s => Assert.False(s.Hard, s.Name));
        Assert.DoesNotContain(RuleSet.Default(RecordKind.Pairs).Scorers, s => s.Name == "ifd");
        Assert.Equal(["ppl_src", "ppl_tgt", "ifd", "ce_agreement"], RuleSet.Default(RecordKind.Pairs, model: true).Scorers.TakeLast(4).Select(s => s.Name));
        Assert.Equal(["ppl_instruction", "ppl_response", "ifd"], RuleSet.Default(RecordKind.Alpaca, model: true).Scorers.TakeLast(3).Select(s => s.Name));
        string yaml = Path.Combine(_dir, "rules.yaml");
        File.WriteAllText(yaml, "scorers:\n  ifd: { hard: true }\n");
        Assert.Contains("needs a model", Assert.Throws<ArgumentException>(() => RuleSetYaml.Load(yaml, RecordKind.Pairs)).Message, StringComparison.Ordinal);
        Assert.True(RuleSetYaml.Load(yaml, RecordKind.Pairs, model: true).Scorers.Single(s => s.Name == "ifd").Hard);
    }

    [Fact]
    public void A_hard_ifd_rule_drops_misaligned_pairs_with_their_reason_and_keeps_input_order()
    {
        string input = Path.Combine(_dir, "in.jsonl");
        File.WriteAllLines(input, Enumerable.Range(0, 10).Select(i => new JsonObject { ["id"] = i, ["en"] = $"Open file number {i}", ["es"] = $"Abrir el archivo número {i}" }.ToJsonString()));
        string yaml = Path.Combine(_dir, "rules.yaml");
        File.WriteAllText(yaml, "scorers:\n  ifd: { hard: true }\n");
        var summary = CurationRunner.Run(new CurationOptions
        {
            Input = input, Output = Path.Combine(_dir, "out.jsonl"), Dropped = Path.Combine(_dir, "drop.jsonl"),
            Rules = RuleSetYaml.Load(yaml, RecordKind.Pairs, model: true), Model = new LineLosses(),
        });
        Assert.Equal(7, summary.Kept);
        var dropped = File.ReadAllLines(Path.Combine(_dir, "drop.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal([3, 6, 9], dropped.Select(d => d["id"]!.GetValue<int>()));
        Assert.All(dropped, d => Assert.Equal(["ifd"], d["curation"]!["reasons"]!.AsArray().Select(r => (string)r!)));
        Assert.Equal(1.5, dropped[0]["curation"]!["scores"]!["ifd"]!.GetValue<double>(), 4);
        Assert.Equal([0, 1, 2, 4, 5, 7, 8], File.ReadAllLines(Path.Combine(_dir, "out.jsonl")).Select(l => JsonNode.Parse(l)!["id"]!.GetValue<int>()));
    }

    /// <summary>Losses that depend on the record's number only: every third pair (ids 3, 6, 9) has IFD 1.5, the others 0.5.</summary>
    private sealed class LineLosses : ISampleLossModel
    {
        public void Measure(IReadOnlyList<CurationRecord> records, RecordFormat format, Span<ModelLosses> losses, Action<int>? measured = null)
        {
            for (int i = 0; i < records.Count; i++)
            {
                int id = records[i].Line - 1;
                losses[i] = new ModelLosses(2, 2, id > 0 && id % 3 == 0 ? 3 : 1, 2);
            }
            measured?.Invoke(records.Count);
        }
    }
}
