using System.Text.Json.Nodes;
using SharpTune.Server.Api;
using SharpTune.Server.Experiments;
using SharpTune.Server.Storage;
using SharpTune.Server.Tests.Api;

namespace SharpTune.Server.Tests.Experiments;

/// <summary>`sharptune api --experiments --db`: the real server routes an alias to sticky variants (the base and a trained
/// adapter), answers with each variant's own output, takes feedback on its responses and reports the experiment.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiExperimentsTests(ServedModelFixture f)
{
    [Fact]
    public async Task An_alias_is_split_between_the_base_and_an_adapter_stickily_and_feedback_reaches_the_report()
    {
        using var dir = new TempDir();
        string yaml = dir.Write("ab.yaml", """
            experiments:
              - name: tone
                alias: assistant
                variants: {a: base, b: lora-b}
                split: {a: 50, b: 50}
            """);
        var options = ExperimentsModule.Attach(new ApiOptions
        {
            ModelNameOrPath = ServedModelFixture.Stories, Adapters = [("lora-a", f.AdapterA), ("lora-b", f.AdapterB)],
            Template = "alpaca", Port = 0, ShutdownTimeout = TimeSpan.FromSeconds(2),
        }, yaml, dir.File("ab.db"));
        await using var server = await ApiServer.StartAsync(options);
        var http = ApiClient.Http(server, key: null);

        const string Body = """{"model": "assistant", "user": "USER", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 4, "temperature": 0}""";
        var seen = new Dictionary<string, string>();
        var responses = new List<(string variant, string id, string text)>();
        for (int u = 0; u < 16; u++)
        {
            for (int repeat = 0; repeat < 2; repeat++)
            {
                var (status, body, response) = await ApiClient.Post(http, "/v1/chat/completions", Body.Replace("USER", $"user-{u}"));
                Assert.Equal(200, status);
                string variant = response.Headers.GetValues("x-sharptune-variant").Single();
                Assert.Equal(variant, seen.TryAdd($"user-{u}", variant) ? variant : seen[$"user-{u}"]);   // sticky per user
                Assert.Equal("assistant", body!["model"]!.GetValue<string>());
                responses.Add((variant, body["id"]!.GetValue<string>(), body["choices"]![0]!["message"]!["content"]!.GetValue<string>()));
            }
        }
        Assert.Equal(["a", "b"], seen.Values.Distinct().Order());                                            // 16 users: both occur (p of one only = 2⁻¹⁵)

        // Each variant answers as its served model does when asked by name.
        foreach (var (variant, served) in new[] { ("a", ServedModelFixture.BaseName), ("b", "lora-b") })
        {
            var (_, direct, _) = await ApiClient.Post(http, "/v1/chat/completions", Body.Replace("assistant", served).Replace("USER", "x"));
            Assert.Equal(direct!["choices"]![0]!["message"]!["content"]!.GetValue<string>(), responses.First(r => r.variant == variant).text);
        }

        var first = responses[0];
        var (ok, _, _) = await ApiClient.Post(http, "/v1/feedback", $$"""{"response_id": "{{first.id}}", "rating": "up"}""");
        Assert.Equal(200, ok);
        var (missing, error, _) = await ApiClient.Post(http, "/v1/feedback", """{"response_id": "chatcmpl-nope", "rating": "up"}""");
        Assert.Equal(404, missing);
        Assert.Equal("response_id", error!["error"]!["param"]!.GetValue<string>());

        var live = JsonNode.Parse(await http.GetStringAsync("/v1/experiments/tone"))!;
        Assert.Equal(32, live["variants"]!.AsArray().Sum(v => v!["requests"]!.GetValue<int>()));

        var db = EvaluationDatabase.OpenExisting(dir.File("ab.db"));
        var report = AbReportBuilder.Build(db.Experiments).Experiments.Single();
        Assert.Equal(16, report.Variants.Sum(v => v.Users));
        var up = report.Variants.Single(v => v.Name == first.variant);
        Assert.Equal((1, 1), (up.Feedback, up.Up));
    }

    [Fact]
    public void A_variant_naming_a_model_that_is_not_served_is_refused_with_the_experiment_named()
    {
        using var dir = new TempDir();
        string yaml = dir.Write("ab.yaml", "experiments:\n  - {name: tone, alias: assistant, variants: {a: base, b: polite}, split: {a: 50, b: 50}}\n");
        var e = Assert.Throws<ArgumentException>(() => ExperimentsModule.Attach(
            new ApiOptions { ModelNameOrPath = ServedModelFixture.Stories, Adapters = [("lora-a", f.AdapterA)] }, yaml, dir.File("ab.db")));
        Assert.Contains("experiment 'tone', variant 'b' names 'polite', which is not served", e.Message);
    }
}
