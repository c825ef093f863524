using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;
using SharpTune.Server.Storage;

namespace SharpTune.Server.Arena;

/// <summary>The arena's JSON routes. Model names are sent only in a vote's answer, never with the battle.</summary>
internal static class ArenaRoutes
{
    static readonly Dictionary<string, string> Choices = new()
    {
        ["a"] = "model_a", ["b"] = "model_b", ["tie"] = "tie", ["bothbad"] = "tie (bothbad)",
    };

    public static void Map(IEndpointRouteBuilder app, ArenaStore store, ArenaScheduler scheduler)
    {
        app.MapGet("/api/next", (string? rater) =>
        {
            if (RaterError(rater) is { } error) return error;
            var (battle, voted) = scheduler.Next(rater!.Trim());
            var progress = new { voted, total = scheduler.Total };
            if (battle is null) return Results.Json(new { done = true, progress }, ServerJson.Options);
            var item = scheduler.Item(battle.ItemId);
            return Results.Json(new
            {
                done = false, battle_id = battle.BattleId, item_id = item.ItemId, prompt = item.Prompt,
                answer_a = item.Answers[battle.ModelA], answer_b = item.Answers[battle.ModelB], progress,
            }, ServerJson.Options);
        });
        app.MapPost("/api/vote", async (HttpRequest request) =>
        {
            var (body, error) = await ServerJson.ReadBody(request);
            if (error is not null) return error;
            string? id = ServerJson.String(body!.Value, "battle_id");
            string? choice = ServerJson.String(body.Value, "choice");
            if (string.IsNullOrEmpty(id)) return ServerJson.Error(400, "invalid_request_error", "battle_id is required", "battle_id");
            if (choice is null || !Choices.TryGetValue(choice, out var winner))
                return ServerJson.Error(400, "invalid_request_error", "choice must be one of a, b, tie, bothbad", "choice");
            var (status, battle) = store.Vote(id, winner, DateTimeOffset.UtcNow);
            return status switch
            {
                ArenaStore.VoteStatus.UnknownBattle => ServerJson.Error(404, "not_found_error", $"no battle with id '{id}'", "battle_id"),
                ArenaStore.VoteStatus.AlreadyVoted => ServerJson.Error(409, "conflict_error", $"battle '{id}' already has a vote", "battle_id"),
                _ => Results.Json(new { battle_id = id, model_a = battle!.ModelA, model_b = battle.ModelB, winner }, ServerJson.Options),
            };
        });
        app.MapGet("/api/report", () => Results.Json(ArenaReportBuilder.Build(store.Votes()), ServerJson.Options));
    }

    static IResult? RaterError(string? rater) =>
        string.IsNullOrWhiteSpace(rater) ? ServerJson.Error(400, "invalid_request_error", "rater is required: the name you judge under", "rater")
        : rater.Trim().Length > 64 || rater.Any(char.IsControl) ? ServerJson.Error(400, "invalid_request_error", "rater must be at most 64 printable characters", "rater")
        : null;
}
