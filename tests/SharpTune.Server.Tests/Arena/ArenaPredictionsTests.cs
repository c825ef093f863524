using SharpTune.Server.Arena;

namespace SharpTune.Server.Tests.Arena;

public sealed class ArenaPredictionsTests
{
    [Fact]
    public void Prediction_files_become_items_numbered_from_one_with_every_models_answer()
    {
        using var dir = new TempDir();
        var items = ArenaPredictions.Load(ArenaPredictions.ParsePairs("--predictions", ArenaFixtures.PredictionsFlag(dir, 3, "base", "tuned")));
        Assert.Equal(["1", "2", "3"], items.Select(i => i.ItemId));
        Assert.Equal("reply 1.2", items[2].Answers["tuned"]);
        Assert.Equal(ArenaFixtures.ScriptAnswer, items[0].Answers["base"]);
    }

    [Fact]
    public void Files_over_different_prompts_are_refused_naming_the_file_and_line()
    {
        using var dir = new TempDir();
        string a = ArenaFixtures.Predictions(dir, "a", 2, i => "x");
        string b = dir.Write("b.jsonl", "{\"prompt\": \"Question 0: say something\", \"predict\": \"y\"}\n{\"prompt\": \"other\", \"predict\": \"y\"}\n");
        var e = Assert.Throws<InvalidDataException>(() => ArenaPredictions.Load([("a", a), ("b", b)]));
        Assert.Contains("b.jsonl:2: the prompt differs from", e.Message);
    }

    [Theory]
    [InlineData("a=x.jsonl", "at least two models")]
    [InlineData("a=x.jsonl,b", "'b' is not NAME=PATH")]
    [InlineData("a=x.jsonl,a=y.jsonl", "the name 'a' is given twice")]
    public void Bad_flag_values_are_named(string value, string expected)
    {
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => ArenaPredictions.ParsePairs("--predictions", value)).Message);
    }

    [Fact]
    public void A_line_that_is_not_a_prediction_is_named()
    {
        using var dir = new TempDir();
        string a = ArenaFixtures.Predictions(dir, "a", 1, i => "x");
        string b = dir.Write("b.jsonl", "{\"prompt\": 3}\n");
        Assert.Contains("b.jsonl:1: expected an object with string fields", Assert.Throws<InvalidDataException>(() => ArenaPredictions.Load([("a", a), ("b", b)])).Message);
    }
}
