using System.Text.Json.Serialization;

namespace SharpTune.Text.Metrics;

/// <summary>
/// The outcome of a <see cref="ScoreRequest"/>, shaped for <c>--json</c>. Single-number metrics fill
/// <see cref="Score"/>; ROUGE and the LLaMA-Factory family fill <see cref="Scores"/> (0..100 scale).
/// </summary>
public sealed record ScoreResult
{
    [JsonPropertyName("metric")]
    public required string Metric { get; init; }

    [JsonPropertyName("score")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Score { get; init; }

    /// <summary>Named values, e.g. rouge1/rouge2/rougeL/rougeLsum (mean F ×100) or bleu-4-lf.</summary>
    [JsonPropertyName("scores")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? Scores { get; init; }

    [JsonPropertyName("signature")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Signature { get; init; }

    [JsonPropertyName("counts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Counts { get; init; }

    [JsonPropertyName("totals")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Totals { get; init; }

    [JsonPropertyName("precisions")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Precisions { get; init; }

    [JsonPropertyName("bp")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Bp { get; init; }

    [JsonPropertyName("sys_len")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? SysLen { get; init; }

    [JsonPropertyName("ref_len")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? RefLen { get; init; }

    [JsonPropertyName("lines")]
    public int Lines { get; init; }

    /// <summary>Per-line scores when sentence-level scoring was requested (name → value per line).</summary>
    [JsonPropertyName("sentences")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<IReadOnlyDictionary<string, double>>? Sentences { get; init; }

    /// <summary>
    /// Readable text: one tab-separated line per sentence when present, then the corpus line, e.g.
    /// <c>BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 …) nrefs:2|…</c>.
    /// </summary>
    public string Format() => MetricFormatting.Report(this);
}
