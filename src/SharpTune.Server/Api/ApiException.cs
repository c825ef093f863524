using System.Text.Json;

namespace SharpTune.Server.Api;

/// <summary>
/// A request the server refuses, answered as OpenAI does: <c>{"error": {"message", "type", "param", "code"}}</c> with
/// a 4xx status for anything the client got wrong (clients retry 429 and 5xx, never other 4xx).
/// </summary>
public sealed class ApiException(int status, string message, string? param = null, string? code = null) : Exception(message)
{
    public int Status { get; } = status;
    public string? Param { get; } = param;
    public string? Code { get; } = code;

    public string Type => Status switch
    {
        401 => "authentication_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    /// <summary>The error object, as a JSON body or an SSE <c>data:</c> payload.</summary>
    public static byte[] Body(int status, string message, string? param = null, string? code = null)
    {
        var e = new ApiException(status, message, param, code);
        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["error"] = new Dictionary<string, object?> { ["message"] = e.Message, ["type"] = e.Type, ["param"] = param, ["code"] = code },
        });
    }

    public byte[] Body() => Body(Status, Message, Param, Code);
}
