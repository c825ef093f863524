using SharpTune.Server.Arena;

namespace SharpTune.Server.Tests.Arena;

public sealed class ArenaReportBuilderTests
{
    static IEnumerable<BattleVote> Repeat(int n, string a, string b, string winner, string judge = "r", string? q = null) =>
        Enumerable.Range(0, n).Select(i => new BattleVote(a, b, winner, judge, q ?? $"{a}-{b}-{winner}-{i}", i));

    [Fact]
    public void Sixty_of_a_hundred_decisive_votes_give_the_closed_form_gap_and_the_textbook_sign_test()
    {
        // 60 wins for x: half as model_a, half as model_b, so side does not matter; 10 ties do not count in the sign test.
        var votes = Repeat(30, "x", "y", "model_a").Concat(Repeat(30, "y", "x", "model_b")).Concat(Repeat(40, "x", "y", "model_b"))
            .Concat(Repeat(10, "x", "y", "tie")).ToList();
        var r = ArenaReportBuilder.Build(votes);
        Assert.Equal(110, r.Votes);
        var x = r.Models[0];
        Assert.Equal(("x", 60, 40, 10), (x.Name, x.Wins, x.Losses, x.Ties));
        Assert.Equal(400 * Math.Log10(65.0 / 45), x.Rating - r.Models[1].Rating, 4);   // a tie is half a win each: 65 to 45
        Assert.Equal(0.6, x.WinRate!.Value, 12);
        Assert.Equal(0.502003, x.WinRateLow!.Value, 6);
        Assert.Equal(0.690599, x.WinRateHigh!.Value, 6);
        var pair = Assert.Single(r.Pairs);
        Assert.Equal((60, 40, 10), (pair.AWins, pair.BWins, pair.Ties));
        Assert.Equal(0.0568879, pair.PValue, 7);
        Assert.InRange(x.Rating, x.RatingLow, x.RatingHigh);
        Assert.Null(r.Agreement);
    }

    [Fact]
    public void Two_raters_on_the_same_items_give_cohen_and_fleiss_kappa()
    {
        // 10 items judged by both raters: they agree on 8 (5 x-better, 3 y-better), disagree on 2.
        var votes = new List<BattleVote>();
        string[] r1 = ["model_a", "model_a", "model_a", "model_a", "model_a", "model_b", "model_b", "model_b", "model_a", "tie"];
        string[] r2 = ["model_a", "model_a", "model_a", "model_a", "model_a", "model_b", "model_b", "model_b", "model_b", "model_a"];
        for (int i = 0; i < 10; i++)
        {
            votes.Add(new BattleVote("x", "y", r1[i], "ann", $"{i}", i));
            votes.Add(new BattleVote(i % 2 == 0 ? "x" : "y", i % 2 == 0 ? "y" : "x", i % 2 == 0 ? r2[i] : Flip(r2[i]), "bob", $"{i}", i));   // sides swapped on odd items
        }
        var a = ArenaReportBuilder.Build(votes).Agreement!;
        Assert.Equal((10, 20, 2), (a.Items, a.Ratings, a.Raters));
        Assert.Equal(0.8, a.ObservedAgreement, 12);
        // Cohen: ann x/y/tie = 6/3/1, bob 6/4/0 -> pe = 0.36 + 0.12 = 0.48, kappa = (0.8 - 0.48)/0.52 = 0.615385
        Assert.Equal(0.32 / 0.52, a.CohenKappa!.Value, 12);
        Assert.NotNull(a.FleissKappa);
    }

    static string Flip(string w) => w switch { "model_a" => "model_b", "model_b" => "model_a", _ => w };

    [Fact]
    public void An_empty_log_is_an_empty_report()
    {
        var r = ArenaReportBuilder.Build([]);
        Assert.Equal(0, r.Votes);
        Assert.Empty(r.Models);
    }
}
