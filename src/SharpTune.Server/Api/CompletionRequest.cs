using SharpTune.Text.Templates;

namespace SharpTune.Server.Api;

/// <summary>A chat or text completion request after checking, in OpenAI's terms.</summary>
public sealed record CompletionRequest
{
    public required string Model { get; init; }
    /// <summary>Chat: the conversation (the system message apart); null for a text completion.</summary>
    public IReadOnlyList<ChatMessage>? Messages { get; init; }
    public string? System { get; init; }
    /// <summary>Text completion: the prompt text, or the prompt's token ids.</summary>
    public string? Prompt { get; init; }
    public long[]? PromptIds { get; init; }
    /// <summary>max_completion_tokens, else max_tokens; null = what the context leaves.</summary>
    public int? MaxTokens { get; init; }
    public double Temperature { get; init; } = 1.0;
    public double TopP { get; init; } = 1.0;
    public int N { get; init; } = 1;
    public IReadOnlyList<string> Stop { get; init; } = [];
    public long? Seed { get; init; }
    public bool Stream { get; init; }
    public bool IncludeUsage { get; init; }
    /// <summary>Null: no log-probabilities; k: the chosen token's plus the k most likely.</summary>
    public int? TopLogprobs { get; init; }
    public string? User { get; init; }

    public bool IsChat => Messages is not null;
}
