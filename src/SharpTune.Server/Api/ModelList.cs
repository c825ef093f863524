using Microsoft.AspNetCore.Http;

namespace SharpTune.Server.Api;

/// <summary>GET /v1/models: the base and each adapter (with <c>parent</c> and <c>root</c> = the base, as vLLM lists LoRA modules).</summary>
internal static class ModelList
{
    public static IResult Write(HttpContext ctx, ModelHost host)
    {
        long created = host.Loaded.ToUnixTimeSeconds();
        var data = new List<Dictionary<string, object?>>
        {
            new() { ["id"] = host.BaseName, ["object"] = "model", ["created"] = created, ["owned_by"] = "sharptune", ["root"] = host.BaseName, ["parent"] = null, ["max_model_len"] = host.ContextLength },
        };
        foreach (var a in host.AdapterNames)
            data.Add(new() { ["id"] = a, ["object"] = "model", ["created"] = created, ["owned_by"] = "sharptune", ["root"] = host.BaseName, ["parent"] = host.BaseName, ["max_model_len"] = host.ContextLength });
        return Results.Json(new Dictionary<string, object?> { ["object"] = "list", ["data"] = data });
    }
}
