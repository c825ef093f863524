using System.Text.Json.Nodes;

namespace SharpTune.Server.Tests.Api;

/// <summary>The A/B hook (ICompletionObserver) and the Prometheus metrics of a running server.</summary>
[Collection(ApiCollection.Name)]
public sealed class ObserverAndMetricsTests(ServedModelFixture f)
{
    [Fact]
    public async Task A_routed_alias_is_answered_by_its_variant_with_the_header_and_recorded_before_the_last_chunk()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = ApiClient.Json("""{"model": "ab-test", "user": "u-17", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 6, "temperature": 0, "stream": true}"""),
        };
        int before = f.Observer.Records.Count;
        var response = await ApiClient.Http(f.Routed).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("B", response.Headers.GetValues("x-sharptune-variant").Single());
        int recordsAtFinish = -1;
        string id = "";
        await ApiClient.ReadEvents(response, e =>
        {
            if (e == "[DONE]") return;
            var c = JsonNode.Parse(e)!;
            id = c["id"]!.GetValue<string>();
            if (c["choices"]![0]!["finish_reason"] is not null) recordsAtFinish = f.Observer.Records.Count;
        });
        Assert.Equal(before + 1, recordsAtFinish);
        var record = f.Observer.Records[^1];
        Assert.Equal(id, record.ResponseId);
        Assert.Equal("ab-test", record.RequestedModel);
        Assert.Equal("lora-b", record.Route.ServedModel);
        Assert.Equal("u-17", record.Route.UserId);
        Assert.Equal(6, record.CompletionTokens);
        Assert.Equal("length", record.FinishReason);
        Assert.True(record.TimeToFirstTokenMs <= record.LatencyMs);

        var (_, whole, _) = await ApiClient.Post(ApiClient.Http(f.Routed), "/v1/chat/completions",
            """{"model": "lora-b", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 6, "temperature": 0}""");
        var (_, routed, _) = await ApiClient.Post(ApiClient.Http(f.Routed), "/v1/chat/completions",
            """{"model": "ab-test", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 6, "temperature": 0}""");
        Assert.Equal(whole!["choices"]![0]!["message"]!["content"]!.GetValue<string>(), routed!["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal("ab-test", routed["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Metrics_count_requests_by_model_and_finish_reason_with_latencies_and_queue_depth()
    {
        var http = ApiClient.Http(f.Routed);
        await ApiClient.Post(http, "/v1/completions", """{"model": "lora-a", "prompt": "Once", "max_tokens": 3, "temperature": 0}""");
        string text = await http.GetStringAsync("/metrics");
        Assert.Matches("sharptune_request_success_total\\{model=\"lora-a\",finished_reason=\"length\"\\} [1-9]", text);
        Assert.Matches("sharptune_generation_tokens_total\\{model=\"lora-a\"\\} [1-9]", text);
        Assert.Contains("sharptune_time_to_first_token_seconds_count{model=\"lora-a\"}", text);
        Assert.Contains("sharptune_inter_token_latency_seconds_bucket{model=\"lora-a\"", text);
        Assert.Contains("sharptune_num_requests_waiting 0", text);
    }
}
