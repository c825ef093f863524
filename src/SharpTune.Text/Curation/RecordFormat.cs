namespace SharpTune.Text.Curation;

/// <summary>
/// How to read the two sides of a record: translation pairs (<c>--format pairs --src en --tgt es</c>), alpaca
/// (instruction / input / output) or sharegpt (a list of role-tagged turns), with LLaMA-Factory's dataset_info.json
/// column and tag names as defaults.
/// </summary>
public sealed record RecordFormat
{
    /// <summary>pairs, alpaca or sharegpt.</summary>
    public RecordKind Kind { get; init; } = RecordKind.Pairs;

    /// <summary>Pairs: the source field, also its language code (en).</summary>
    public string Source { get; init; } = "en";

    /// <summary>Pairs: the target field, also its language code (es).</summary>
    public string Target { get; init; } = "es";

    /// <summary>Alpaca: the instruction column.</summary>
    public string Prompt { get; init; } = "instruction";

    /// <summary>Alpaca: the input column (optional in a record).</summary>
    public string Query { get; init; } = "input";

    /// <summary>Alpaca: the response column.</summary>
    public string Response { get; init; } = "output";

    /// <summary>ShareGPT: the turns column.</summary>
    public string Messages { get; init; } = "conversations";

    /// <summary>ShareGPT: the role key of a turn.</summary>
    public string RoleTag { get; init; } = "from";

    /// <summary>ShareGPT: the content key of a turn.</summary>
    public string ContentTag { get; init; } = "value";

    /// <summary>ShareGPT: the role value of the user.</summary>
    public string UserTag { get; init; } = "human";

    /// <summary>ShareGPT: the role value of the assistant.</summary>
    public string AssistantTag { get; init; } = "gpt";

    /// <summary>Instruction data: expected language of the response (optional; enables a hard language check).</summary>
    public string? ResponseLanguage { get; init; }

    /// <summary>Parses --format.</summary>
    public static RecordKind ParseKind(string name) => name.ToLowerInvariant() switch
    {
        "pairs" => RecordKind.Pairs,
        "alpaca" => RecordKind.Alpaca,
        "sharegpt" => RecordKind.ShareGpt,
        _ => throw new ArgumentException($"--format must be pairs, alpaca or sharegpt, not '{name}'."),
    };

    /// <summary>Names of the two sides for messages and reports.</summary>
    public (string First, string Second) SideNames => Kind == RecordKind.Pairs ? (Source, Target) : ("instruction", "response");
}
