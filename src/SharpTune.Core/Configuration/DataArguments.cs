using System.ComponentModel;

namespace SharpTune.Core.Configuration;

/// <summary>Which data to train on and how to prepare it (LLaMA-Factory's DataArguments).</summary>
public sealed record DataArguments
{
    [Description("Chat template name; inferred from the tokenizer when omitted.")]
    public string? Template { get; init; }

    [Description("Dataset names from dataset_info.json, comma-separated.")]
    public IReadOnlyList<string> Dataset { get; init; } = [];

    [Description("Evaluation dataset names, comma-separated.")]
    public IReadOnlyList<string> EvalDataset { get; init; } = [];

    [Description("Folder holding dataset_info.json and the data files.")]
    public string DatasetDir { get; init; } = "data";

    [Description("Maximum tokens per example after tokenization.")]
    public int CutoffLen { get; init; } = 2048;

    [Description("Also learn the prompt tokens.")]
    public bool TrainOnPrompt { get; init; }

    [Description("Learn only the last turn of multi-turn conversations.")]
    public bool MaskHistory { get; init; }

    [Description("How to mix several datasets: concat, interleave_under (stop at the first exhausted), interleave_over (until all are used, restarting), interleave_once (each example once).")]
    public string MixStrategy { get; init; } = "concat";

    [Description("Sampling probabilities of the datasets when interleaving, comma-separated.")]
    public IReadOnlyList<double> InterleaveProbs { get; init; } = [];

    [Description("Use at most this many examples of each dataset.")]
    public int? MaxSamples { get; init; }

    [Description("Fraction (0–1) or count (>1) of examples held out for evaluation.")]
    public double ValSize { get; init; }

    [Description("Pack short examples into full-length sequences (no attention across examples).")]
    public bool? Packing { get; init; }

    [Description("Skip malformed records (counted and reported) instead of stopping at the first.")]
    public bool SkipInvalid { get; init; }

    // k-shot prompts (Templates/KShotPromptBuilder): solved examples from shot_pool put in front of each prompt.
    [Description("Solved examples put in front of each prompt, drawn from shot_pool (0: none).")]
    public int NumShots { get; init; }

    [Description("How shots are chosen: random (seeded), similar (BM25 to the prompt) or fixed (the pool's first entries).")]
    public string ShotSelection { get; init; } = "random";

    [Description("Dataset name in dataset_info.json whose examples are the shots; never the example itself nor a duplicate of it.")]
    public string? ShotPool { get; init; }
}
