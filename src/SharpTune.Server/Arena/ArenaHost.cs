using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SharpTune.Server.Experiments;
using SharpTune.Server.Storage;

namespace SharpTune.Server.Arena;

/// <summary>
/// The arena web server: the blind judging page (<c>/</c>), the results page (<c>/results</c>), their scripts, the JSON
/// routes they call (<c>GET /api/next?rater=</c>, <c>POST /api/vote</c>, <c>GET /api/report</c>), and the A/B feedback
/// routes over the same database (<c>POST /v1/feedback</c>, <c>GET /v1/experiments/{name}</c>) so feedback on responses
/// recorded by <c>sharptune api</c> can be sent here too. Binds to 127.0.0.1 unless told otherwise; pages are served
/// with a Content-Security-Policy that allows only this server's own scripts, and answers are inserted as text.
/// </summary>
internal static class ArenaHost
{
    /// <summary>Builds and starts the server; returns it with the address it listens on (port 0 picks a free one).</summary>
    public static async Task<(WebApplication App, string Url)> Start(EvaluationDatabase db, IReadOnlyList<ArenaItem> items, string host = "127.0.0.1", int port = 7860)
    {
        db.Arena.SaveItems(items);
        var all = db.Arena.Items();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{host}:{port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1 << 20);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var h = context.Response.Headers;
            h["Content-Security-Policy"] = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            h["X-Content-Type-Options"] = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            h["Cache-Control"] = "no-store";
            await next();
        });
        var scheduler = new ArenaScheduler(db.Arena, all);
        ArenaRoutes.Map(app, db.Arena, scheduler);
        ExperimentsModule.Map(app, db.Experiments);
        foreach (var (route, file, type) in new[]
                 {
                     ("/", "arena.html", "text/html; charset=utf-8"), ("/results", "results.html", "text/html; charset=utf-8"),
                     ("/arena.js", "arena.js", "text/javascript; charset=utf-8"), ("/results.js", "results.js", "text/javascript; charset=utf-8"),
                     ("/arena.css", "arena.css", "text/css; charset=utf-8"),
                 })
        {
            byte[] body = Resource(file);
            app.MapGet(route, () => Results.Bytes(body, type));
        }
        await app.StartAsync();
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, url);
    }

    static byte[] Resource(string name)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("SharpTune.Server.wwwroot." + name)
                      ?? throw new InvalidOperationException($"the arena page resource {name} is missing from the build");
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
