namespace SharpTune.Server.Api;

/// <summary>
/// What the OpenAI-compatible API asks of an observer for every chat or text completion request: which served model
/// should answer a requested model name for this user (live A/B experiments route an alias to a variant), and, once
/// the answer is complete, what happened. <see cref="Completed"/> is called before the last bytes of the response are
/// written (before the final chunk and <c>data: [DONE]</c> of a stream), so that a client holding the response id can
/// send feedback on it at once.
/// </summary>
public interface ICompletionObserver
{
    /// <summary>The route for <paramref name="requestedModel"/> (the request's <c>model</c>) and a user id (the request's
    /// <c>user</c> field, else the <c>X-User-Id</c> header; null when neither is given), or null to serve the requested
    /// model as it is.</summary>
    RoutedModel? Route(string requestedModel, string? userId);

    /// <summary>Records a finished completion that was routed by <see cref="Route"/>; runs synchronously, and a thrown
    /// exception fails the request with a 5xx.</summary>
    void Completed(CompletionRecord record);
}

/// <summary>The outcome of routing: the served model (an adapter's name or the base's) that answers, and why.</summary>
/// <param name="ServedModel">The name under <c>GET /v1/models</c> that generates the answer.</param>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="Variant">The variant's key (returned to the client in the <c>x-sharptune-variant</c> header).</param>
/// <param name="UserId">The user id the assignment was made for; null when the request had none.</param>
/// <param name="Sticky">True when the variant came from the user id's hash, false when it was drawn at random.</param>
public sealed record RoutedModel(string ServedModel, string Experiment, string Variant, string? UserId, bool Sticky);

/// <summary>One finished completion of a routed request.</summary>
/// <param name="ResponseId">The response's <c>id</c> as the client saw it (<c>chatcmpl-…</c> / <c>cmpl-…</c>).</param>
/// <param name="Route">What <see cref="ICompletionObserver.Route"/> returned for the request.</param>
/// <param name="RequestedModel">The request's <c>model</c> (the experiment's alias).</param>
/// <param name="LatencyMs">From the request's arrival to the last generated token.</param>
/// <param name="TimeToFirstTokenMs">From the request's arrival to the first generated token.</param>
/// <param name="PromptTokens">Prompt tokens, as in <c>usage</c>.</param>
/// <param name="CompletionTokens">Generated tokens over all choices, as in <c>usage</c>.</param>
/// <param name="FinishReason">The first choice's finish reason (<c>stop</c>, <c>length</c>) or <c>cancelled</c>.</param>
/// <param name="Created">When the request arrived.</param>
public sealed record CompletionRecord(
    string ResponseId,
    RoutedModel Route,
    string RequestedModel,
    double LatencyMs,
    double TimeToFirstTokenMs,
    int PromptTokens,
    int CompletionTokens,
    string FinishReason,
    DateTimeOffset Created);
