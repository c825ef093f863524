using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace SharpTune.Server.Api;

/// <summary>
/// The OpenAI-compatible server on Kestrel: GET /v1/models, POST /v1/chat/completions and /v1/completions, GET
/// /health and /metrics. Binds to 127.0.0.1 unless told otherwise; with an API key every route but /health needs
/// <c>Authorization: Bearer &lt;key&gt;</c> (compared in constant time).
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ModelHost _host;

    /// <summary>The bound address, e.g. http://127.0.0.1:8000 (the real port when 0 was asked for).</summary>
    public Uri Address { get; }
    public ModelHost Host => _host;

    ApiServer(WebApplication app, ModelHost host, Uri address) { _app = app; _host = host; Address = address; }

    /// <summary>Loads the model and starts listening.</summary>
    public static async Task<ApiServer> StartAsync(ApiOptions o, CancellationToken cancel = default)
    {
        if (!IPAddress.TryParse(o.Host, out var ip) && o.Host != "localhost")
            throw new ArgumentException($"--host '{o.Host}' is not an IP address (use 127.0.0.1, 0.0.0.0 or ::)");
        if (o.Port is < 0 or > 65535) throw new ArgumentException($"--port {o.Port} is not a port number (0 to 65535)");
        if (o.Threads is < 1) throw new ArgumentException($"--threads {o.Threads} must be at least 1");
        if (o.Threads is int threads) TorchSharp.torch.set_num_threads(threads);
        var host = new ModelHost(o);
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = o.ShutdownTimeout);
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Limits.MaxRequestBodySize = o.MaxBodyBytes;
                if (ip is null) k.ListenLocalhost(o.Port); else k.Listen(ip, o.Port);
            });
            var app = builder.Build();
            var metrics = new ApiMetrics(host.Batcher);
            var completions = new CompletionEndpoint(host, metrics, o.Observer);
            app.Use(Errors);
            if (o.ApiKey is { } key) app.Use(RequireKey(key));
            app.MapGet("/health", () => Results.Json(new { status = "ok" }));
            app.MapGet("/v1/models", (HttpContext ctx) => ModelList.Write(ctx, host));
            app.MapPost("/v1/chat/completions", (HttpContext ctx) => completions.Handle(ctx, chat: true));
            app.MapPost("/v1/completions", (HttpContext ctx) => completions.Handle(ctx, chat: false));
            app.MapMetrics("/metrics", metrics.Registry);
            o.ExtraRoutes?.Invoke(app);
            await app.StartAsync(cancel);
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new ApiServer(app, host, new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Runs until <paramref name="cancel"/> (Ctrl+C / SIGTERM through the host), then stops gracefully.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancel = default) => _app.WaitForShutdownAsync(cancel);

    static async Task Errors(HttpContext ctx, RequestDelegate next)
    {
        try { await next(ctx); }
        catch (ApiException e) when (!ctx.Response.HasStarted) { await Fail(ctx, e); }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested) { }
        catch (Exception e) when (!ctx.Response.HasStarted && e is not OperationCanceledException)
        {
            await Fail(ctx, new ApiException(500, $"internal error: {e.Message}"));
        }
    }

    static async Task Fail(HttpContext ctx, ApiException e)
    {
        ctx.Response.Clear();
        ctx.Response.StatusCode = e.Status;
        if (e.Status == 429) ctx.Response.Headers.RetryAfter = "1";
        ctx.Response.ContentType = "application/json";
        await ctx.Response.Body.WriteAsync(e.Body());
    }

    static Func<HttpContext, RequestDelegate, Task> RequireKey(string key)
    {
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return (ctx, next) =>
        {
            if (ctx.Request.Path.StartsWithSegments("/health")) return next(ctx);
            string header = ctx.Request.Headers.Authorization.ToString();
            var given = SHA256.HashData(Encoding.UTF8.GetBytes(header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : "\0" + header));
            if (CryptographicOperations.FixedTimeEquals(given, expected)) return next(ctx);
            throw new ApiException(401, "invalid API key (send it as 'Authorization: Bearer <key>')", code: "invalid_api_key");
        };
    }

    /// <summary>Stops listening, lets running requests finish up to the shutdown timeout (then their connections close, which
    /// cancels their rows), ends what is left in the batch and frees the model.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _host.Dispose();
    }
}
