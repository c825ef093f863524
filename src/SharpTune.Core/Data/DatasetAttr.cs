namespace SharpTune.Core.Data;

/// <summary>
/// One entry of LLaMA-Factory's `dataset_info.json`: where the data is and how its columns map to a
/// conversation. Column and tag defaults are LLaMA-Factory's.
/// </summary>
public sealed record DatasetAttr
{
    public required string Name { get; init; }
    public required string FileName { get; init; }
    /// <summary>"alpaca" (default) or "sharegpt".</summary>
    public string Formatting { get; init; } = "alpaca";
    public bool Ranking { get; init; }
    public int? NumSamples { get; init; }

    // alpaca columns
    public string Prompt { get; init; } = "instruction";
    public string Query { get; init; } = "input";
    public string Response { get; init; } = "output";
    public string? History { get; init; }
    // sharegpt columns
    public string Messages { get; init; } = "conversations";
    // both
    public string? System { get; init; }
    public string? Tools { get; init; }

    // sharegpt tags
    public string RoleTag { get; init; } = "from";
    public string ContentTag { get; init; } = "value";
    public string UserTag { get; init; } = "human";
    public string AssistantTag { get; init; } = "gpt";
    public string ObservationTag { get; init; } = "observation";
    public string FunctionTag { get; init; } = "function_call";
    public string SystemTag { get; init; } = "system";
}
