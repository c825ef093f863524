using System.Text.Json.Nodes;

namespace SharpTune.Cli.Tests.Commands;

[Collection("cli")]
public sealed class ArenaCommandTests
{
    const string Log = """
        {"question_id": "1", "model_a": "base", "model_b": "tuned", "winner": "model_b", "judge": "ann", "tstamp": 1}
        {"question_id": "1", "model_a": "tuned", "model_b": "base", "winner": "model_a", "judge": "bob", "tstamp": 2}
        {"question_id": "2", "model_a": "base", "model_b": "tuned", "winner": "model_b", "judge": "ann", "tstamp": 3}
        {"question_id": "2", "model_a": "base", "model_b": "tuned", "winner": "tie", "judge": "bob", "tstamp": 4}
        {"question_id": "3", "model_a": "base", "model_b": "tuned", "winner": "model_a", "judge": "ann", "tstamp": 5}
        """;

    static string Temp(string name, string text)
    {
        string dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sharptune-arena-" + Guid.NewGuid().ToString("N"))).FullName;
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Plan_json_gives_783_votes_for_55_against_50_percent()
    {
        var (exit, output, err) = CliRunner.Run("arena", "plan", "--p0", "0.5", "--p1", "0.55", "--alpha", "0.05", "--power", "0.8", "--json");
        Assert.True(exit == 0, err);
        Assert.Equal(783, (int)JsonNode.Parse(output)!["votes_needed"]!);
    }

    [Fact]
    public void Report_of_a_fastchat_log_has_the_documented_json_fields()
    {
        var (exit, output, err) = CliRunner.Run("arena", "report", "--votes", Temp("battles.jsonl", Log), "--json");
        Assert.True(exit == 0, err);
        var r = JsonNode.Parse(output)!;
        Assert.Equal(5, (int)r["votes"]!);
        var tuned = r["models"]!.AsArray().Single(m => (string)m!["name"]! == "tuned")!;
        Assert.Equal((3, 1, 1), ((int)tuned["wins"]!, (int)tuned["losses"]!, (int)tuned["ties"]!));
        Assert.Equal(0.75, (double)tuned["win_rate"]!, 12);
        foreach (var key in new[] { "rating", "rating_low", "rating_high", "win_rate_low", "win_rate_high" }) Assert.NotNull(tuned[key]);
        var pair = r["pairs"]!.AsArray().Single()!;
        Assert.Equal(4, (int)pair["a_wins"]! + (int)pair["b_wins"]!);
        Assert.Equal(0.625, (double)pair["p_value"]!, 12);                 // 3 of 4 decisive votes: 2·(4+1)/16
        Assert.Equal(2, (int)r["agreement"]!["items"]!);                    // items 1 and 2 were judged twice
        Assert.Equal(0.5, (double)r["agreement"]!["observed_agreement"]!, 12);
    }

    [Fact]
    public void Votes_imported_into_a_database_export_as_the_same_battle_log()
    {
        string log = Temp("battles.jsonl", Log);
        string db = Path.Combine(Path.GetDirectoryName(log)!, "arena.db");
        Assert.Equal(0, CliRunner.Run("arena", "import", "--db", db, "--votes", log).Exit);
        string out1 = Path.Combine(Path.GetDirectoryName(log)!, "out.json");
        var (exit, output, _) = CliRunner.Run("arena", "export", "--db", db, "--output", out1);
        Assert.Equal(0, exit);
        Assert.Contains("wrote 5 votes", output);
        var exported = JsonNode.Parse(File.ReadAllText(out1))!.AsArray();
        Assert.Equal(["model_b", "model_a", "model_b", "tie", "model_a"], exported.Select(v => (string)v!["winner"]!));
        Assert.Equal(CliRunner.Run("arena", "report", "--votes", log, "--json").Out, CliRunner.Run("arena", "report", "--db", db, "--json").Out);
        Assert.Contains("tuned", CliRunner.Run("arena", "report", "--db", db).Out);
    }

    [Theory]
    [InlineData(new[] { "arena", "report" }, "exactly one of --db FILE and --votes FILE.json")]
    [InlineData(new[] { "arena", "plan", "--p1", "1.5" }, "--p1 must be strictly between 0 and 1")]
    [InlineData(new[] { "arena", "--db", "x.db" }, "arena needs --predictions NAME=FILE,NAME=FILE or --model_name_or_path M")]
    [InlineData(new[] { "arena", "--db", "x.db", "--predictions", "a=/no/such.jsonl,b=/no/such2.jsonl" }, "--predictions: /no/such.jsonl does not exist")]
    [InlineData(new[] { "ab", "report", "--db", "/no/such.db" }, "--db /no/such.db: no such database file")]
    public void Mistakes_are_one_sentence_and_exit_code_one(string[] args, string expected)
    {
        var (exit, _, err) = CliRunner.Run(args);
        Assert.Equal(1, exit);
        Assert.Contains(expected, err);
    }
}
