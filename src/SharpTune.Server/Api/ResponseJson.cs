using System.Buffers;
using System.Text;
using System.Text.Json;

namespace SharpTune.Server.Api;

/// <summary>
/// The JSON of OpenAI's chat.completion(.chunk) and text_completion objects: integer <c>created</c>, <c>choices</c>
/// with <c>index</c>, <c>message</c> / <c>delta</c> / <c>text</c>, <c>logprobs</c> in OpenAI's shape (chat:
/// <c>content[{token, logprob, bytes, top_logprobs}]</c>; completions: <c>tokens</c>, <c>token_logprobs</c>,
/// <c>top_logprobs</c>, <c>text_offset</c>) and <c>finish_reason</c>, and <c>usage</c>.
/// </summary>
internal sealed class ResponseJson(string id, long created, string model, bool chat)
{
    public string Id => id;

    /// <summary>A whole (non-streamed) response.</summary>
    public byte[] Whole(IReadOnlyList<ChoiceDecoder> choices, IReadOnlyList<List<TokenLogprob>>? logprobs, int promptTokens, int completionTokens) =>
        Write(w =>
        {
            Head(w, chat ? "chat.completion" : "text_completion");
            w.WriteStartArray("choices");
            foreach (var c in choices)
            {
                w.WriteStartObject();
                w.WriteNumber("index", c.Index);
                if (chat)
                {
                    w.WriteStartObject("message");
                    w.WriteString("role", "assistant");
                    w.WriteString("content", c.Text);
                    w.WriteEndObject();
                }
                else w.WriteString("text", c.Text);
                Logprobs(w, logprobs?[c.Index]);
                w.WriteString("finish_reason", c.FinishReason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Usage(w, promptTokens, completionTokens);
        });

    /// <summary>A stream chunk for one choice: the assistant role (first), text, or the finish reason (last).</summary>
    public byte[] Chunk(int index, string? text, IReadOnlyList<TokenLogprob>? logprobs, string? finish, bool role = false) =>
        Write(w =>
        {
            Head(w, chat ? "chat.completion.chunk" : "text_completion");
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", index);
            if (chat)
            {
                w.WriteStartObject("delta");
                if (role) w.WriteString("role", "assistant");
                if (text is not null) w.WriteString("content", text);
                w.WriteEndObject();
            }
            else w.WriteString("text", text ?? "");
            Logprobs(w, logprobs is { Count: > 0 } ? logprobs : null);
            if (finish is null) w.WriteNull("finish_reason"); else w.WriteString("finish_reason", finish);
            w.WriteEndObject();
            w.WriteEndArray();
        });

    /// <summary>The extra last chunk of <c>stream_options.include_usage</c>: no choices, only usage.</summary>
    public byte[] UsageChunk(int promptTokens, int completionTokens) =>
        Write(w =>
        {
            Head(w, chat ? "chat.completion.chunk" : "text_completion");
            w.WriteStartArray("choices");
            w.WriteEndArray();
            Usage(w, promptTokens, completionTokens);
        });

    void Head(Utf8JsonWriter w, string obj)
    {
        w.WriteString("id", id);
        w.WriteString("object", obj);
        w.WriteNumber("created", created);
        w.WriteString("model", model);
    }

    static void Usage(Utf8JsonWriter w, int prompt, int completion)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", prompt);
        w.WriteNumber("completion_tokens", completion);
        w.WriteNumber("total_tokens", prompt + completion);
        w.WriteEndObject();
    }

    void Logprobs(Utf8JsonWriter w, IReadOnlyList<TokenLogprob>? lps)
    {
        if (lps is null) { w.WriteNull("logprobs"); return; }
        w.WriteStartObject("logprobs");
        if (chat)
        {
            w.WriteStartArray("content");
            foreach (var t in lps)
            {
                w.WriteStartObject();
                Token(w, t.Token, t.Logprob);
                w.WriteStartArray("top_logprobs");
                foreach (var (tok, lp) in t.Top) { w.WriteStartObject(); Token(w, tok, lp); w.WriteEndObject(); }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        else
        {
            w.WriteStartArray("tokens");
            foreach (var t in lps) w.WriteStringValue(t.Token);
            w.WriteEndArray();
            w.WriteStartArray("token_logprobs");
            foreach (var t in lps) w.WriteNumberValue(t.Logprob);
            w.WriteEndArray();
            w.WriteStartArray("top_logprobs");
            foreach (var t in lps)
            {
                w.WriteStartObject();
                foreach (var (tok, lp) in t.Top.DistinctBy(x => x.token)) w.WriteNumber(tok, lp);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("text_offset");
            int offset = 0;
            foreach (var t in lps) { w.WriteNumberValue(offset); offset += t.Token.Length; }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    static void Token(Utf8JsonWriter w, string token, double logprob)
    {
        w.WriteString("token", token);
        w.WriteNumber("logprob", logprob);
        w.WriteStartArray("bytes");
        foreach (byte b in Encoding.UTF8.GetBytes(token)) w.WriteNumberValue(b);
        w.WriteEndArray();
    }

    static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
