using System.ClientModel;
using System.Net;
using System.Text.Json.Nodes;
using OpenAI.Chat;

namespace SharpTune.Server.Tests.Api;

/// <summary>The API's wire format and limits as seen over plain HTTP: stream framing, errors, key, body size, context, overload.</summary>
[Collection(ApiCollection.Name)]
public sealed class WireTests(ServedModelFixture f)
{
    const string Chat = """{"model": "lora-a", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 8, "temperature": 0""";

    [Fact]
    public async Task A_stream_starts_each_choice_with_the_assistant_role_ends_it_with_a_finish_reason_then_usage_and_done()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        { Content = ApiClient.Json(Chat + """, "n": 2, "stream": true, "stream_options": {"include_usage": true}}""") };
        var response = await ApiClient.Http(f.Server).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = await ApiClient.ReadEvents(response);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events.SkipLast(1).Select(e => JsonNode.Parse(e)!).ToList();
        Assert.Single(chunks.Select(c => c["id"]!.GetValue<string>()).Distinct());
        for (int i = 0; i < 2; i++)
        {
            var mine = chunks.Where(c => c["choices"]!.AsArray().Any(x => x!["index"]!.GetValue<int>() == i)).Select(c => c["choices"]![0]!).ToList();
            Assert.Equal("assistant", mine[0]["delta"]!["role"]!.GetValue<string>());
            Assert.All(mine.SkipLast(1), c => Assert.Null(c["finish_reason"]));
            Assert.Equal("length", mine[^1]["finish_reason"]!.GetValue<string>());
        }
        var usage = chunks[^1];
        Assert.Empty(usage["choices"]!.AsArray());
        Assert.Equal(16, usage["usage"]!["completion_tokens"]!.GetValue<int>());                  // 2 choices × 8
        Assert.All(chunks.SkipLast(1), c => Assert.Null(c["usage"]));
    }

    [Fact]
    public async Task A_text_completion_answers_with_text_and_openai_logprobs()
    {
        var (status, body, _) = await ApiClient.Post(ApiClient.Http(f.Server), "/v1/completions",
            """{"model": "stories260K", "prompt": "Once upon a time", "max_tokens": 6, "temperature": 0, "logprobs": 2}""");
        Assert.Equal(200, status);
        Assert.Equal("text_completion", body!["object"]!.GetValue<string>());
        Assert.StartsWith("cmpl-", body["id"]!.GetValue<string>());
        var choice = body["choices"]![0]!;
        Assert.False(string.IsNullOrEmpty(choice["text"]!.GetValue<string>()));
        var lp = choice["logprobs"]!;
        Assert.Equal(6, lp["tokens"]!.AsArray().Count);
        Assert.All(lp["token_logprobs"]!.AsArray(), x => Assert.True(x!.GetValue<double>() <= 0));
        Assert.Equal(2, lp["top_logprobs"]![0]!.AsObject().Count);
        Assert.Equal(6, body["usage"]!["completion_tokens"]!.GetValue<int>());

        // the text continues the prompt as decoding prompt + answer together does (a word-start token keeps its space)
        var tokenizer = SharpTune.Text.Tokenization.Tokenizer.Load(ServedModelFixture.Stories);
        var prompt = tokenizer.EncodeToIds("Once upon a time").Select(i => (long)i).ToArray();
        using var m = SharpTune.Core.Generation.ModelSession.Load(new() { ModelNameOrPath = ServedModelFixture.Stories });
        var ids = SharpTune.Core.Generation.TextGenerator.Generate(m, [prompt], new() { MaxNewTokens = 6 }).Sequences[0].Select(i => (int)i).ToList();
        string whole = tokenizer.Decode(ids, skipSpecialTokens: true), head = tokenizer.Decode(ids[..prompt.Length], skipSpecialTokens: true);
        Assert.Equal(whole[head.Length..], choice["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_the_key_the_api_answers_401_and_health_stays_open()
    {
        var e = await Assert.ThrowsAsync<ClientResultException>(() =>
            ApiClient.Sdk(f.Server, key: "wrong").GetChatClient("lora-a").CompleteChatAsync([new UserChatMessage("Hi")]));
        Assert.Equal(401, e.Status);
        var (status, body, _) = await ApiClient.Post(ApiClient.Http(f.Server, key: null), "/v1/chat/completions", Chat + "}");
        Assert.Equal(401, status);
        Assert.Equal("authentication_error", body!["error"]!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await ApiClient.Http(f.Server, key: null).GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task An_oversize_body_is_413()
    {
        string big = Chat.Replace("\"Hi\"", "\"" + new string('a', 20_000) + "\"") + "}";
        var (status, body, _) = await ApiClient.Post(ApiClient.Http(f.Server), "/v1/chat/completions", big);
        Assert.Equal(413, status);
        Assert.Contains("16384 bytes", body!["error"]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"model": "lora-a", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 600}""", "max_tokens", "512")]
    [InlineData("""{"model": "lora-a", "messages": [{"role": "user", "content": "Hi"}], "temperature": "hot"}""", "temperature", "from 0 to 2")]
    [InlineData("""{"model": "nope", "messages": [{"role": "user", "content": "Hi"}]}""", "model", "does not exist")]
    [InlineData("""{"model": "lora-a", "messages": []}""", "messages", "non-empty")]
    [InlineData("""{"model": "lora-a", "messages": [{"role": "wizard", "content": "Hi"}]}""", "messages[0].role", "wizard")]
    [InlineData("""{"model": "lora-a", "messages": [{"role": "user", "content": "Hi"}], "n": 99}""", "n", "from 1 to 16")]
    [InlineData("""{"model": "lora-a", "messages": [{"role": "user", "content": "Hi"}""", null, "not valid JSON")]
    public async Task A_bad_request_is_a_4xx_naming_the_field(string json, string? param, string message)
    {
        var (status, body, _) = await ApiClient.Post(ApiClient.Http(f.Server), "/v1/chat/completions", json);
        Assert.InRange(status, 400, 404);
        var error = body!["error"]!;
        Assert.Contains(message, error["message"]!.GetValue<string>());
        Assert.Equal(param, error["param"]?.GetValue<string>());
        if (param == "max_tokens") Assert.Contains("600", error["message"]!.GetValue<string>());   // both numbers named
    }

    [Fact]
    public async Task Overload_is_429_with_retry_after_and_cancelled_streams_free_their_rows()
    {
        var http = ApiClient.Http(f.Server);
        var batcher = f.Server.Host.Batcher;
        using var cts = new CancellationTokenSource();
        string longChat = """{"model": "lora-b", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 400, "stream": true}""";
        var streams = new List<HttpResponseMessage>();
        for (int i = 0; i < 4; i++)                                                                 // 3 rows + 1 waiting
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = ApiClient.Json(longChat) };
            streams.Add(await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token));
        }
        var (status, body, response) = await ApiClient.Post(http, "/v1/chat/completions", Chat + "}");
        Assert.Equal(429, status);
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("rate_limit_error", body!["error"]!["type"]!.GetValue<string>());
        cts.Cancel();
        foreach (var s in streams) s.Dispose();
        for (int i = 0; i < 200 && batcher.Running + batcher.Waiting > 0; i++) await Task.Delay(25);
        Assert.Equal(0, batcher.Running + batcher.Waiting);
        Assert.Equal(200, (await ApiClient.Post(http, "/v1/chat/completions", Chat + "}")).status);
    }
}
