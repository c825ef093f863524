using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SharpTune.Server;

/// <summary>The JSON style of the evaluation routes and reports: snake_case names, as the CLI's --json output.</summary>
internal static class ServerJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default,         // escapes <, >, & so JSON is safe inside pages
    };

    /// <summary>An OpenAI-shaped error: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
    public static IResult Error(int status, string type, string message, string? param = null) =>
        Results.Json(new { error = new { message, type, param, code = status } }, Options, statusCode: status);

    /// <summary>Reads a JSON object body of at most <paramref name="limit"/> bytes; null with an error result otherwise.</summary>
    public static async Task<(JsonElement? Body, IResult? Error)> ReadBody(HttpRequest request, int limit = 64 * 1024)
    {
        if (request.ContentLength > limit) return (null, Error(413, "invalid_request_error", $"the request body is larger than {limit} bytes"));
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > limit) return (null, Error(413, "invalid_request_error", $"the request body is larger than {limit} bytes"));
            buffer.Write(chunk, 0, read);
        }
        try
        {
            using var doc = JsonDocument.Parse(buffer.ToArray());
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return (null, Error(400, "invalid_request_error", "the request body must be a JSON object"));
            return (doc.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (null, Error(400, "invalid_request_error", $"the request body is not valid JSON ({e.Message})"));
        }
    }

    /// <summary>A string property, null when absent or not a string.</summary>
    public static string? String(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
