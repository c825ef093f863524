using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using SharpTune.Text.Templates;

namespace SharpTune.Server.Api;

/// <summary>
/// POST /v1/chat/completions and /v1/completions: checks the request, routes it (an observer may send an alias to a
/// variant), queues its choices in the shared batch, and answers as one JSON object or as server-sent events.
/// </summary>
internal sealed class CompletionEndpoint(ModelHost host, ApiMetrics metrics, ICompletionObserver? observer)
{
    static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public async Task Handle(HttpContext ctx, bool chat)
    {
        var clock = Stopwatch.StartNew();
        var arrived = DateTimeOffset.UtcNow;
        var body = await RequestBody.Read(ctx);
        var r = RequestParser.Parse(body, chat);
        var route = observer?.Route(r.Model, r.User ?? (ctx.Request.Headers["X-User-Id"] is { Count: > 0 } u ? u.ToString() : null));
        string served = route?.ServedModel ?? r.Model;
        int adapter = host.AdapterOf(served)
            ?? throw new ApiException(404, $"the model '{served}' does not exist; this server has {string.Join(", ", new[] { host.BaseName }.Concat(host.AdapterNames))}", "model", "model_not_found");
        long[] prompt = Prompt(r);
        int maxTokens = CheckContext(prompt.Length, r.MaxTokens);
        var stops = chat ? host.ChatStopIds : host.EosIds;
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
        using var run = CompletionRun.Start(host, r, served, adapter, prompt, stops, maxTokens, clock, abort.Token, metrics);
        var json = new ResponseJson((chat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N"), arrived.ToUnixTimeSeconds(), r.Model, chat);
        if (route is not null) ctx.Response.Headers["x-sharptune-variant"] = route.Variant;
        string finish = "cancelled";
        try
        {
            if (r.Stream) await Stream(ctx, r, run, json, Completed);
            else await Whole(ctx, r, run, json, Completed);
            finish = run.Decoders[0].FinishReason ?? "cancelled";
        }
        finally { metrics.Finished(served, finish, run.PromptTokens, run.CompletionTokens); }

        void Completed()
        {
            if (route is null) return;
            observer!.Completed(new CompletionRecord(json.Id, route, r.Model, clock.Elapsed.TotalMilliseconds,
                run.TimeToFirstTokenMs ?? clock.Elapsed.TotalMilliseconds, run.PromptTokens, run.CompletionTokens, run.Decoders[0].FinishReason ?? "cancelled", arrived));
        }
    }

    long[] Prompt(CompletionRequest r)
    {
        long[] ids;
        if (r.IsChat)
        {
            var template = host.Template ?? throw new ApiException(400, $"chat completions need a chat template: {host.TemplateProblem} (start the server with --template)", "messages");
            var messages = r.Messages!.Append(ChatMessage.Assistant("")).ToList();
            ids = template.EncodeOneturn(host.Tokenizer, messages, r.System).PromptIds.Select(i => (long)i).ToArray();
        }
        else ids = r.PromptIds ?? host.Tokenizer.EncodeToIds(r.Prompt!).Select(i => (long)i).ToArray();
        if (ids.Length == 0) throw new ApiException(400, "the prompt is empty", r.IsChat ? "messages" : "prompt");
        if (ids.FirstOrDefault(i => i >= host.VocabSize, -1) is var bad and >= 0)
            throw new ApiException(400, $"prompt token id {bad} is outside the vocabulary (0 to {host.VocabSize - 1})", "prompt");
        return ids;
    }

    int CheckContext(int promptTokens, int? maxTokens)
    {
        int room = host.ContextLength - promptTokens;
        if (maxTokens is int m && m > room || room < 1)
            throw new ApiException(400, $"this model's maximum context length is {host.ContextLength} tokens, but the prompt has {promptTokens} tokens " +
                $"and max_tokens asks for {maxTokens ?? 1} more ({promptTokens + (maxTokens ?? 1)} in all)", maxTokens is null ? "messages" : "max_tokens", "context_length_exceeded");
        return maxTokens ?? room;
    }

    static async Task Whole(HttpContext ctx, CompletionRequest r, CompletionRun run, ResponseJson json, Action completed)
    {
        var logprobs = r.TopLogprobs is null ? null : Enumerable.Range(0, r.N).Select(_ => new List<TokenLogprob>()).ToList();
        await foreach (var p in run.Pieces(ctx.RequestAborted)) logprobs?[p.Index].AddRange(p.Logprobs);
        completed();
        var bytes = json.Whole(run.Decoders, logprobs, run.PromptTokens, run.CompletionTokens);
        ctx.Response.ContentType = "application/json";
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
    }

    static async Task Stream(HttpContext ctx, CompletionRequest r, CompletionRun run, ResponseJson json, Action completed)
    {
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        var output = ctx.Response.Body;
        async Task Send(byte[] data)
        {
            await output.WriteAsync("data: "u8.ToArray(), ctx.RequestAborted);
            await output.WriteAsync(data, ctx.RequestAborted);
            await output.WriteAsync("\n\n"u8.ToArray(), ctx.RequestAborted);
            await output.FlushAsync(ctx.RequestAborted);
        }
        if (r.IsChat) for (int i = 0; i < r.N; i++) await Send(json.Chunk(i, "", null, null, role: true));
        else await output.FlushAsync(ctx.RequestAborted);
        int open = r.N;
        try
        {
            await foreach (var p in run.Pieces(ctx.RequestAborted))
            {
                if (p.Text.Length > 0 || p.Logprobs.Count > 0) await Send(json.Chunk(p.Index, p.Text, p.Logprobs, null));
                if (p.FinishReason is null) continue;
                if (--open == 0) completed();
                await Send(json.Chunk(p.Index, r.IsChat ? null : "", null, p.FinishReason));
            }
            if (r.IncludeUsage) await Send(json.UsageChunk(run.PromptTokens, run.CompletionTokens));
        }
        catch (ApiException e) { await Send(e.Body()); }
        catch (Exception e) when (e is not OperationCanceledException) { await Send(ApiException.Body(500, $"internal error: {e.Message}")); }
        await output.WriteAsync(Done, ctx.RequestAborted);
    }
}
