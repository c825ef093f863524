using SharpTune.Text.Templates;

namespace SharpTune.Core.Data;

/// <summary>
/// One training example in LLaMA-Factory's aligned form: messages alternate user (or observation) and
/// assistant (or function); the last assistant message is the response. <see cref="Location"/> is "file:line".
/// </summary>
public sealed record ConversationSample(IReadOnlyList<ChatMessage> Messages, string? System, string? Tools, string Location);
