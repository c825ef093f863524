using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SharpTune.Server.Api;
using SharpTune.Server.Storage;

namespace SharpTune.Server.Experiments;

/// <summary>
/// Live A/B experiments for a host: <see cref="Load"/> reads the experiments file, checks every variant against the
/// served models, opens the database and returns the <see cref="Observer"/> (hand it to the API) and
/// <see cref="Map"/> (call it on the web application) for <c>POST /v1/feedback</c> and <c>GET /v1/experiments/{name}</c>.
/// </summary>
internal sealed class ExperimentsModule
{
    public const string BaseVariant = "base";

    public ExperimentRouter Observer { get; }
    public EvaluationDatabase Database { get; }

    ExperimentsModule(ExperimentRouter observer, EvaluationDatabase database) => (Observer, Database) = (observer, database);

    /// <summary>Loads <paramref name="experimentsPath"/> and opens <paramref name="dbPath"/>. With
    /// <paramref name="servedModels"/> (the names under <c>GET /v1/models</c>), each variant must name one of them or
    /// <c>base</c>, which routes to <paramref name="baseModel"/> when given.</summary>
    public static ExperimentsModule Load(string experimentsPath, string dbPath, IReadOnlyCollection<string>? servedModels = null, string? baseModel = null)
    {
        var experiments = ExperimentsFile.Load(experimentsPath).Select(e => e with
        {
            Variants = e.Variants.Select(v => v.ServedModel == BaseVariant && baseModel is not null ? v with { ServedModel = baseModel } : v).ToList(),
        }).ToList();
        if (servedModels is not null)
        {
            foreach (var e in experiments)
            {
                foreach (var v in e.Variants.Where(v => v.ServedModel != BaseVariant && !servedModels.Contains(v.ServedModel)))
                    throw new ArgumentException($"{experimentsPath}: experiment '{e.Name}', variant '{v.Key}' names '{v.ServedModel}', which is not served (served: {string.Join(", ", servedModels.Append(BaseVariant).Distinct())})");
                if (servedModels.Contains(e.Alias))
                    throw new ArgumentException($"{experimentsPath}: experiment '{e.Name}' uses the alias '{e.Alias}', which is already a served model name; pick another alias");
            }
        }
        var db = EvaluationDatabase.Open(dbPath);
        db.Experiments.SaveDefinitions(experiments);
        return new ExperimentsModule(new ExperimentRouter(experiments, db.Experiments), db);
    }

    /// <summary>The API's <paramref name="options"/> with live A/B experiments attached: the variants are checked against
    /// what the options serve (the base under its served name or <c>base</c>, and each adapter by name), the router becomes
    /// the API's observer and the feedback and experiment routes are mapped next to any it already had.</summary>
    public static ApiOptions Attach(ApiOptions options, string experimentsPath, string dbPath)
    {
        var served = options.Adapters.Select(a => a.name).Append(options.BaseServedName).ToList();
        var module = Load(experimentsPath, dbPath, served, options.BaseServedName);
        var routes = options.ExtraRoutes;
        return options with
        {
            Observer = module.Observer,
            ExtraRoutes = endpoints =>
            {
                routes?.Invoke(endpoints);
                module.Map(endpoints);
            },
        };
    }

    /// <summary>Maps the feedback and experiment routes onto <paramref name="endpoints"/>.</summary>
    public void Map(IEndpointRouteBuilder endpoints) => Map(endpoints, Database.Experiments);

    /// <summary>The same routes over any store (the arena host maps them too, to take feedback on a shared database).</summary>
    public static void Map(IEndpointRouteBuilder endpoints, ExperimentStore store)
    {
        endpoints.MapPost("/v1/feedback", async (HttpRequest request) =>
        {
            var (body, error) = await ServerJson.ReadBody(request);
            if (error is not null) return error;
            string? id = ServerJson.String(body!.Value, "response_id");
            if (string.IsNullOrEmpty(id)) return ServerJson.Error(400, "invalid_request_error", "response_id is required (the id of a completion)", "response_id");
            if (!body.Value.TryGetProperty("rating", out var ratingValue)) return ServerJson.Error(400, "invalid_request_error", "rating is required: \"up\", \"down\" or 1–5", "rating");
            var rating = FeedbackRating.Parse(ratingValue, out var ratingError);
            if (rating is null) return ServerJson.Error(400, "invalid_request_error", ratingError!, "rating");
            string? comment = ServerJson.String(body.Value, "comment");
            if (comment is { Length: > 4000 }) return ServerJson.Error(400, "invalid_request_error", "comment is longer than 4000 characters", "comment");
            if (!store.AddFeedback(id, rating, comment, DateTimeOffset.UtcNow))
                return ServerJson.Error(404, "not_found_error", $"no response with id '{id}'", "response_id");
            return Results.Json(new { @object = "feedback", response_id = id, rating = rating.Text }, ServerJson.Options);
        });
        endpoints.MapGet("/v1/experiments/{name}", (string name) =>
        {
            var report = AbReportBuilder.Build(store, name);
            return report.Experiments.Count == 0
                ? ServerJson.Error(404, "not_found_error", $"no experiment named '{name}'", "name")
                : Results.Json(report.Experiments[0], ServerJson.Options);
        });
    }
}
