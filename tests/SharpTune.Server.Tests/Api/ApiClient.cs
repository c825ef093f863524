using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OpenAI;
using SharpTune.Server.Api;

namespace SharpTune.Server.Tests.Api;

/// <summary>Clients of a test server: the official OpenAI SDK (no retries, so a 429 shows) and plain HTTP for the wire.</summary>
internal static class ApiClient
{
    public static OpenAIClient Sdk(ApiServer server, string? key = ServedModelFixture.Key) =>
        new(new ApiKeyCredential(key ?? "none"), new OpenAIClientOptions { Endpoint = new Uri(server.Address, "/v1"), RetryPolicy = new ClientRetryPolicy(0) });

    public static HttpClient Http(ApiServer server, string? key = ServedModelFixture.Key)
    {
        var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<(int status, JsonNode? body, HttpResponseMessage response)> Post(HttpClient http, string path, string json)
    {
        var response = await http.PostAsync(path, Json(json));
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    /// <summary>The data lines of a server-sent event stream, read as they arrive; <paramref name="onEvent"/> sees each one.</summary>
    public static async Task<List<string>> ReadEvents(HttpResponseMessage response, Action<string>? onEvent = null)
    {
        var events = new List<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            events.Add(line[6..]);
            onEvent?.Invoke(line[6..]);
        }
        return events;
    }
}
