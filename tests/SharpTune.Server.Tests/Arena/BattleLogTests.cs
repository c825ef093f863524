using SharpTune.Server.Arena;

namespace SharpTune.Server.Tests.Arena;

public sealed class BattleLogTests
{
    const string FastChatLog = """
        [
          {"question_id": "q1", "model_a": "vicuna", "model_b": "alpaca", "winner": "model_a", "judge": "arena_user_1", "turn": 1, "anony": true, "language": "English", "tstamp": 1682351591.1},
          {"question_id": "q2", "model_a": "alpaca", "model_b": "vicuna", "winner": "tie (bothbad)", "judge": "arena_user_2", "tstamp": 1682351600},
          {"question_id": 3, "model_a": "alpaca", "model_b": "vicuna", "winner": "tie", "judge": "arena_user_2", "tstamp": 1682351700}
        ]
        """;

    [Fact]
    public void A_fastchat_battle_array_is_read_ignoring_extra_fields()
    {
        using var dir = new TempDir();
        var votes = BattleLog.Read(dir.Write("clean_battle.json", FastChatLog));
        Assert.Equal(3, votes.Count);
        Assert.Equal(new BattleVote("vicuna", "alpaca", "model_a", "arena_user_1", "q1", 1682351591.1), votes[0]);
        Assert.Equal("3", votes[2].QuestionId);
    }

    [Fact]
    public void Written_logs_read_back_the_same_votes_as_json_lines_do()
    {
        using var dir = new TempDir();
        var votes = BattleLog.Read(dir.Write("clean_battle.json", FastChatLog));
        BattleLog.Write(dir.File("out.json"), votes);
        Assert.Equal(votes, BattleLog.Read(dir.File("out.json")));
        string jsonl = string.Join("\n", System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir.File("out.json")))!.AsArray().Select(n => n!.ToJsonString()));
        Assert.Equal(votes, BattleLog.Read(dir.Write("out.jsonl", jsonl)));
    }

    [Theory]
    [InlineData("[{\"model_a\": \"x\", \"model_b\": \"y\", \"winner\": \"left\"}]", "battle 1: winner 'left' is not one of model_a, model_b, tie, tie (bothbad)")]
    [InlineData("[{\"model_a\": \"x\", \"winner\": \"tie\"}]", "battle 1: 'model_b' must be a non-empty string")]
    [InlineData("{\"model_a\": \"x\", \"model_b\": \"x\", \"winner\": \"tie\"}", "battle 1: model_a and model_b are both 'x'")]
    [InlineData("[{]", "not valid JSON")]
    public void Bad_battles_are_named_by_number(string text, string expected)
    {
        using var dir = new TempDir();
        Assert.Contains(expected, Assert.Throws<InvalidDataException>(() => BattleLog.Read(dir.Write("b.json", text))).Message);
    }
}
