using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SharpTune.Server.Api;
using SharpTune.Server.Experiments;

namespace SharpTune.Server.Tests.Experiments;

/// <summary>The feedback and experiment routes on a real Kestrel host on a loopback port, fed through the observer as
/// the API feeds it.</summary>
public sealed class ExperimentRoutesTests
{
    static async Task<(TempDir Dir, ExperimentsModule Module, LoopbackHost Host)> Start()
    {
        var dir = new TempDir();
        var module = ExperimentsModule.Load(dir.Write("ab.yaml", ExperimentsFileTests.Tone), dir.File("ab.db"));
        var host = await LoopbackHost.Start(module.Map);
        return (dir, module, host);
    }

    static string Complete(ExperimentsModule module, string user, int i)
    {
        var route = module.Observer.Route("assistant", user)!;
        string id = $"chatcmpl-{user}-{i}";
        module.Observer.Completed(new CompletionRecord(id, route, "assistant", 100 + i, 10, 5, 20, "stop", DateTimeOffset.UtcNow));
        return id;
    }

    [Fact]
    public async Task Feedback_on_a_recorded_response_is_stored_and_counted_in_the_experiment()
    {
        var (dir, module, host) = await Start();
        await using var _ = host;
        using var __ = dir;
        string id = Complete(module, "alice", 1);
        var ok = await host.Client.PostAsJsonAsync("/v1/feedback", new { response_id = id, rating = "up", comment = "nice" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsJsonAsync("/v1/feedback", new { response_id = Complete(module, "bob", 2), rating = 4 })).StatusCode);

        var report = JsonNode.Parse(await host.Client.GetStringAsync("/v1/experiments/tone"))!;
        Assert.Equal("tone", (string)report["name"]!);
        var variants = report["variants"]!.AsArray();
        Assert.Equal(2, (int)variants.Sum(v => (int)v!["requests"]!));
        Assert.Equal(1, (int)variants.Sum(v => (int)v!["up"]!));
        Assert.Equal(2, (int)variants.Sum(v => (int)v!["feedback"]!));
        Assert.Equal(4.0, variants.Select(v => v!["mean_rating"]).OfType<JsonNode>().Select(n => (double)n).Single());
        Assert.NotNull(report["srm_p_value"]);
    }

    [Fact]
    public async Task Feedback_on_an_unknown_response_is_a_404_in_the_openai_error_shape()
    {
        var (dir, _, host) = await Start();
        await using var _h = host;
        using var _d = dir;
        var r = await host.Client.PostAsJsonAsync("/v1/feedback", new { response_id = "chatcmpl-nope", rating = "down" });
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        var error = JsonNode.Parse(await r.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("not_found_error", (string)error["type"]!);
        Assert.Contains("chatcmpl-nope", (string)error["message"]!);
    }

    [Theory]
    [InlineData("{\"response_id\": \"x\", \"rating\": \"meh\"}", "rating must be")]
    [InlineData("{\"response_id\": \"x\", \"rating\": 6}", "rating must be")]
    [InlineData("{\"rating\": \"up\"}", "response_id is required")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{not json", "not valid JSON")]
    public async Task Bad_feedback_bodies_are_a_400_naming_the_field(string body, string expected)
    {
        var (dir, _, host) = await Start();
        await using var _h = host;
        using var _d = dir;
        var r = await host.Client.PostAsync("/v1/feedback", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains(expected, await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_experiment_is_a_404()
    {
        var (dir, _, host) = await Start();
        await using var _h = host;
        using var _d = dir;
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/v1/experiments/nope")).StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused()
    {
        var (dir, _, host) = await Start();
        await using var _h = host;
        using var _d = dir;
        var big = new StringContent("{\"response_id\": \"" + new string('x', 70_000) + "\"}", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await host.Client.PostAsync("/v1/feedback", big)).StatusCode);
    }
}
