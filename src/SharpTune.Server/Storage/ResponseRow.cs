namespace SharpTune.Server.Storage;

/// <summary>One stored response with the latest feedback on it (null when none), as the A/B report reads them.</summary>
internal sealed record ResponseRow(
    string ResponseId, string Experiment, string Variant, string? UserId, bool Sticky, double LatencyMs,
    int PromptTokens, int CompletionTokens, int FeedbackCount, FeedbackRating? LatestRating);
