using System.Text.Json.Nodes;
using SharpTune.Server.Api;
using SharpTune.Server.Experiments;
using SharpTune.Server.Storage;

namespace SharpTune.Cli.Tests.Commands;

[Collection("cli")]
public sealed class AbCommandTests
{
    static string Database()
    {
        string dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sharptune-ab-" + Guid.NewGuid().ToString("N"))).FullName;
        string path = Path.Combine(dir, "ab.db");
        var store = EvaluationDatabase.Open(path).Experiments;
        store.SaveDefinitions([new ExperimentDefinition("tone", "assistant", [new("a", "base", 0.5), new("b", "polite", 0.5)])]);
        for (int i = 0; i < 20; i++)
        {
            string variant = i % 2 == 0 ? "a" : "b";
            store.Record(new CompletionRecord($"r{i}", new RoutedModel(variant == "a" ? "base" : "polite", "tone", variant, $"u{i % 8}", true),
                "assistant", 50 + i, 5, 3, 9, "stop", DateTimeOffset.UtcNow));
            bool down = i % 4 == 1 || i % 8 == 0;                               // b: 5 of 10 down, a: 3 of 10 down
            store.AddFeedback($"r{i}", new FeedbackRating(down ? "down" : "up", down ? 0 : 1), null, DateTimeOffset.UtcNow);
        }
        return path;
    }

    [Fact]
    public void Report_json_has_the_documented_fields_per_experiment_and_variant()
    {
        var (exit, output, err) = CliRunner.Run("ab", "report", "--db", Database(), "--json");
        Assert.True(exit == 0, err);
        var e = JsonNode.Parse(output)!["experiments"]!.AsArray().Single()!;
        Assert.Equal("tone", (string)e["name"]!);
        Assert.InRange((double)e["srm_p_value"]!, 0, 1);
        var b = e["variants"]!.AsArray().Single(v => (string)v!["name"]! == "b")!;
        // b: responses r1, r3, …, r19 (10), users u1, u3, u5, u7 (4), thumbs down on r1, r5, r9, r13, r17 (5 of 10)
        Assert.Equal((10, 4, 10, 5, 5), ((int)b["requests"]!, (int)b["users"]!, (int)b["feedback"]!, (int)b["up"]!, (int)b["down"]!));
        Assert.Equal(0.5, (double)b["up_rate"]!, 12);
        Assert.Equal(0.236593, (double)b["up_rate_low"]!, 6);               // Wilson 5/10
        Assert.Equal(0.763407, (double)b["up_rate_high"]!, 6);
    }

    [Fact]
    public void Report_text_says_the_data_are_too_few_and_how_many_more_are_needed()
    {
        var (exit, output, _) = CliRunner.Run("ab", "report", "--db", Database());
        Assert.Equal(0, exit);
        Assert.Contains("experiment tone (alias assistant)", output);
        Assert.Matches("b vs a: too few data to decide \\(p = [0-9.]+\\); about [0-9]+ more thumbs per variant are needed", output);
    }
}
