using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using SharpTune.Server.Arena;
using SharpTune.Server.Storage;

namespace SharpTune.Server.Tests.Arena;

/// <summary>The arena's routes on its real Kestrel host, on a free loopback port.</summary>
public sealed class ArenaHostTests
{
    internal static async Task<(WebApplication App, HttpClient Client, EvaluationDatabase Db)> Start(TempDir dir, int items = 3, params string[] models)
    {
        var db = EvaluationDatabase.Open(dir.File("arena.db"));
        var loaded = ArenaPredictions.Load(ArenaPredictions.ParsePairs("--predictions", ArenaFixtures.PredictionsFlag(dir, items, models.Length == 0 ? ["base", "tuned"] : models)));
        var (app, url) = await ArenaHost.Start(db, loaded, port: 0);
        return (app, new HttpClient { BaseAddress = new Uri(url) }, db);
    }

    [Fact]
    public async Task A_rater_sees_each_item_once_without_model_names_and_learns_them_from_the_vote()
    {
        using var dir = new TempDir();
        var (app, client, db) = await Start(dir);
        await using var _ = app;
        var seen = new HashSet<string>();
        for (int i = 0; i < 3; i++)
        {
            string text = await client.GetStringAsync("/api/next?rater=ann");
            Assert.DoesNotContain("\"base\"", text);                       // the battle carries no model names
            Assert.DoesNotContain("tuned\"", text);
            var battle = JsonNode.Parse(text)!;
            Assert.Equal(text, await client.GetStringAsync("/api/next?rater=ann"));   // a reload shows the same battle
            Assert.True(seen.Add((string)battle["item_id"]!));
            var vote = await client.PostAsJsonAsync("/api/vote", new { battle_id = (string)battle["battle_id"]!, choice = "a" });
            var revealed = JsonNode.Parse(await vote.Content.ReadAsStringAsync())!;
            Assert.Equal(["base", "tuned"], new[] { (string)revealed["model_a"]!, (string)revealed["model_b"]! }.Order());
            var stored = db.Arena.Votes()[^1];
            Assert.Equal(("ann", (string)battle["item_id"]!, (string)revealed["model_a"]!, "model_a"), (stored.Judge, stored.QuestionId!, stored.ModelA, stored.Winner));
        }
        var done = JsonNode.Parse(await client.GetStringAsync("/api/next?rater=ann"))!;
        Assert.True((bool)done["done"]!);
        Assert.Equal(3, (int)done["progress"]!["voted"]!);
        Assert.False((bool)JsonNode.Parse(await client.GetStringAsync("/api/next?rater=bob"))!["done"]!);   // another rater starts afresh
    }

    [Fact]
    public async Task A_second_vote_on_a_battle_is_refused_and_an_unknown_battle_is_404()
    {
        using var dir = new TempDir();
        var (app, client, _) = await Start(dir);
        await using var _a = app;
        var battle = JsonNode.Parse(await client.GetStringAsync("/api/next?rater=ann"))!;
        string id = (string)battle["battle_id"]!;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/vote", new { battle_id = id, choice = "tie" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/vote", new { battle_id = id, choice = "b" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/vote", new { battle_id = "nope", choice = "b" })).StatusCode);
        var bad = await client.PostAsJsonAsync("/api/vote", new { battle_id = id, choice = "left" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("choice must be one of a, b, tie, bothbad", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/next?rater=")).StatusCode);
    }

    [Fact]
    public async Task Pages_allow_only_their_own_scripts_and_a_script_answer_travels_as_escaped_json_text()
    {
        using var dir = new TempDir();
        var (app, client, _) = await Start(dir, items: 1);
        await using var _a = app;
        var page = await client.GetAsync("/");
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("<script src=\"/arena.js\"", await page.Content.ReadAsStringAsync());
        string next = await client.GetStringAsync("/api/next?rater=ann");
        Assert.DoesNotContain("<script>", next);                           // JSON escapes < and > as \u003C, \u003E
        var battle = JsonNode.Parse(next)!;
        Assert.Contains(ArenaFixtures.ScriptAnswer, new[] { (string)battle["answer_a"]!, (string)battle["answer_b"]! });
    }

    [Fact]
    public async Task The_report_route_rates_the_stored_votes()
    {
        using var dir = new TempDir();
        var (app, client, _) = await Start(dir, items: 4);
        await using var _a = app;
        for (int i = 0; i < 4; i++)
        {
            var battle = JsonNode.Parse(await client.GetStringAsync("/api/next?rater=ann"))!;
            await client.PostAsJsonAsync("/api/vote", new { battle_id = (string)battle["battle_id"]!, choice = i < 3 ? "a" : "bothbad" });
        }
        var report = JsonNode.Parse(await client.GetStringAsync("/api/report"))!;
        Assert.Equal(4, (int)report["votes"]!);
        var models = report["models"]!.AsArray();
        Assert.Equal(2, models.Count);
        Assert.Equal(4, models.Sum(m => (int)m!["wins"]!) + models.Sum(m => (int)m!["ties"]!) / 2);
        Assert.NotNull(models[0]!["rating_low"]);
    }

    [Fact]
    public async Task Reopening_the_database_with_changed_predictions_is_refused()
    {
        using var dir = new TempDir();
        var (app, _, db) = await Start(dir, items: 2);
        await app.DisposeAsync();
        var changed = ArenaPredictions.Load(ArenaPredictions.ParsePairs("--predictions", $"base={ArenaFixtures.Predictions(dir, "base", 2, i => "new")},tuned={dir.File("tuned.jsonl")}"));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ArenaHost.Start(db, changed, port: 0));
        Assert.Contains("already holds item 1 with a different prompt or answers", e.Message);
    }
}
