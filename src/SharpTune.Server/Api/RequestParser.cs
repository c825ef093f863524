using System.Text.Json;
using SharpTune.Text.Templates;

namespace SharpTune.Server.Api;

/// <summary>
/// Reads an OpenAI request body without trusting it: every field is checked for its JSON type and range, and a
/// mistake is one 400 naming the field (as <c>param</c>) and what was expected. Unknown fields are ignored, as OpenAI's
/// compatible servers do.
/// </summary>
public static class RequestParser
{
    public const int MaxN = 16, MaxStops = 4, MaxTopLogprobs = 20;

    public static CompletionRequest Parse(ReadOnlySpan<byte> body, bool chat)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body.ToArray()); }
        catch (JsonException e) { throw Bad($"the request body is not valid JSON ({e.Message})"); }
        using (doc)
        {
            var o = doc.RootElement;
            if (o.ValueKind != JsonValueKind.Object) throw Bad("the request body must be a JSON object");
            var r = new CompletionRequest
            {
                Model = Str(o, "model") ?? throw Bad("'model' is required", "model"),
                MaxTokens = Int(o, "max_completion_tokens", 1, int.MaxValue) ?? Int(o, "max_tokens", 1, int.MaxValue),
                Temperature = Num(o, "temperature", 0, 2) ?? 1.0,
                TopP = Num(o, "top_p", 0, 1) ?? 1.0,
                N = Int(o, "n", 1, MaxN) ?? 1,
                Stop = Stops(o),
                Seed = o.TryGetProperty("seed", out var s) && s.ValueKind != JsonValueKind.Null
                    ? (s.TryGetInt64(out long seed) ? seed : throw Bad("'seed' must be an integer", "seed")) : null,
                Stream = Bool(o, "stream") ?? false,
                IncludeUsage = o.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object && (Bool(so, "include_usage", "stream_options.include_usage") ?? false),
                User = Str(o, "user"),
                TopLogprobs = chat ? ChatLogprobs(o) : Int(o, "logprobs", 0, 5),
            };
            if (r.TopP == 0) throw Bad("'top_p' must be greater than 0", "top_p");
            return chat ? WithMessages(r, o) : WithPrompt(r, o);
        }
    }

    static ApiException Bad(string message, string? param = null) => new(400, message, param);

    static int? ChatLogprobs(JsonElement o)
    {
        bool want = Bool(o, "logprobs") ?? false;
        int? top = Int(o, "top_logprobs", 0, MaxTopLogprobs);
        if (top is not null && !want) throw Bad("'top_logprobs' needs 'logprobs': true", "top_logprobs");
        return want ? top ?? 0 : null;
    }

    static CompletionRequest WithMessages(CompletionRequest r, JsonElement o)
    {
        if (!o.TryGetProperty("messages", out var m) || m.ValueKind != JsonValueKind.Array || m.GetArrayLength() == 0)
            throw Bad("'messages' must be a non-empty array", "messages");
        var list = new List<ChatMessage>();
        string? system = null;
        int i = 0;
        foreach (var e in m.EnumerateArray())
        {
            string at = $"messages[{i++}]";
            if (e.ValueKind != JsonValueKind.Object) throw Bad($"'{at}' must be an object with 'role' and 'content'", at);
            string role = Str(e, "role", at + ".role") ?? throw Bad($"'{at}.role' is required", at + ".role");
            string content = Content(e, at);
            switch (role)
            {
                case "system" or "developer" when list.Count == 0: system = system is null ? content : system + "\n" + content; break;
                case "user": list.Add(ChatMessage.User(content)); break;
                case "assistant": list.Add(ChatMessage.Assistant(content)); break;
                case "system" or "developer": throw Bad($"'{at}': a {role} message must come before the conversation", at + ".role");
                default: throw Bad($"'{at}.role' must be one of system, developer, user, assistant; got '{role}'", at + ".role");
            }
        }
        if (list.Count == 0 || list[^1].Role != ChatRole.User) throw Bad("the last message must be a user message", "messages");
        return r with { Messages = list, System = system };
    }

    static string Content(JsonElement e, string at)
    {
        if (!e.TryGetProperty("content", out var c)) throw Bad($"'{at}.content' is required", at + ".content");
        if (c.ValueKind == JsonValueKind.String) return c.GetString()!;
        if (c.ValueKind != JsonValueKind.Array) throw Bad($"'{at}.content' must be a string or an array of text parts", at + ".content");
        var parts = new List<string>();
        foreach (var p in c.EnumerateArray())
        {
            if (p.ValueKind != JsonValueKind.Object || Str(p, "type") != "text" || Str(p, "text") is not { } text)
                throw Bad($"'{at}.content' parts must be {{\"type\": \"text\", \"text\": …}} (this model reads text only)", at + ".content");
            parts.Add(text);
        }
        return string.Concat(parts);
    }

    static CompletionRequest WithPrompt(CompletionRequest r, JsonElement o)
    {
        if (!o.TryGetProperty("prompt", out var p)) throw Bad("'prompt' is required", "prompt");
        if (p.ValueKind == JsonValueKind.String) return r with { Prompt = p.GetString() };
        if (p.ValueKind == JsonValueKind.Array && p.GetArrayLength() == 1 && p[0].ValueKind == JsonValueKind.String) return r with { Prompt = p[0].GetString() };
        if (p.ValueKind == JsonValueKind.Array && p.GetArrayLength() > 0 && p.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Number))
            return r with { PromptIds = p.EnumerateArray().Select(x => x.TryGetInt64(out long id) && id >= 0 ? id : throw Bad("'prompt' token ids must be non-negative integers", "prompt")).ToArray() };
        throw Bad("'prompt' must be a string, a list with one string, or a list of token ids (one prompt per request)", "prompt");
    }

    static IReadOnlyList<string> Stops(JsonElement o)
    {
        if (!o.TryGetProperty("stop", out var s) || s.ValueKind == JsonValueKind.Null) return [];
        if (s.ValueKind == JsonValueKind.String) return s.GetString() is { Length: > 0 } one ? [one] : [];
        if (s.ValueKind != JsonValueKind.Array || s.GetArrayLength() > MaxStops || s.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
            throw Bad($"'stop' must be a string or a list of at most {MaxStops} strings", "stop");
        return s.EnumerateArray().Select(x => x.GetString()!).Where(x => x.Length > 0).ToList();
    }

    static string? Str(JsonElement o, string name, string? param = null) =>
        !o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString() : throw Bad($"'{param ?? name}' must be a string", param ?? name);

    static bool? Bool(JsonElement o, string name, string? param = null) =>
        !o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Bad($"'{param ?? name}' must be true or false", param ?? name);

    static double? Num(JsonElement o, string name, double min, double max)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || d < min || d > max)
            throw Bad($"'{name}' must be a number from {min} to {max}, got {v.GetRawText()}", name);
        return d;
    }

    static int? Int(JsonElement o, string name, int min, int max)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long n) || n < min || n > max)
            throw Bad($"'{name}' must be an integer from {min} to {max}, got {v.GetRawText()}", name);
        return (int)n;
    }
}
