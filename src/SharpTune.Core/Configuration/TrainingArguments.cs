using System.ComponentModel;

namespace SharpTune.Core.Configuration;

/// <summary>The training loop's settings, with Hugging Face Trainer / LLaMA-Factory names and defaults.</summary>
public sealed record TrainingArguments
{
    [Description("Training stage: pt (continued pre-training on raw text) or sft (supervised fine-tuning).")]
    public string Stage { get; init; } = "sft";
    [Description("Train (default true for `sharptune train`).")]
    public bool DoTrain { get; init; } = true;
    [Description("Evaluate on the validation split at the end.")]
    public bool DoEval { get; init; }
    [Description("Generate for the evaluation data and score it.")]
    public bool DoPredict { get; init; }
    [Description("With do_predict: also answer the prediction prompts with the base model (adapter disabled, or the base weights for full / freeze) and write generated_predictions_base.jsonl and predict_results_base.json.")]
    public bool CompareWithBase { get; init; }
    [Description("Use generation (not teacher forcing) when predicting.")]
    public bool PredictWithGenerate { get; init; }
    [Description("Folder for checkpoints, the final model or adapter, and logs.")]
    public string? OutputDir { get; init; }
    [Description("Allow writing into a non-empty output_dir.")]
    public bool OverwriteOutputDir { get; init; }
    [Description("Examples per step before accumulation.")]
    public int PerDeviceTrainBatchSize { get; init; } = 8;
    [Description("Examples per evaluation batch.")]
    public int PerDeviceEvalBatchSize { get; init; } = 8;
    [Description("Micro-batches accumulated per optimizer step.")]
    public int GradientAccumulationSteps { get; init; } = 1;
    [Description("Peak learning rate of AdamW.")]
    public double LearningRate { get; init; } = 5e-5;
    [Description("Passes over the training data (fractions allowed).")]
    public double NumTrainEpochs { get; init; } = 3.0;
    [Description("Total optimizer steps; overrides num_train_epochs when > 0.")]
    public int MaxSteps { get; init; } = -1;
    [Description("linear, cosine, constant or constant_with_warmup.")]
    public string LrSchedulerType { get; init; } = "linear";
    [Description("Warm-up as a fraction of the total steps.")]
    public double WarmupRatio { get; init; }
    [Description("Warm-up steps (overrides warmup_ratio when > 0).")]
    public int WarmupSteps { get; init; }
    [Description("AdamW weight decay (never on biases and norm weights).")]
    public double WeightDecay { get; init; }
    [Description("AdamW beta1.")]
    public double AdamBeta1 { get; init; } = 0.9;
    [Description("AdamW beta2.")]
    public double AdamBeta2 { get; init; } = 0.999;
    [Description("AdamW epsilon.")]
    public double AdamEpsilon { get; init; } = 1e-8;
    [Description("Clip the global gradient norm to this (0 = off).")]
    public double MaxGradNorm { get; init; } = 1.0;
    [Description("Seed of initialisation, shuffling and dropout.")]
    public long Seed { get; init; } = 42;
    [Description("Log every this many steps.")]
    public int LoggingSteps { get; init; } = 10;
    [Description("steps (every save_steps and at the last step, as Hugging Face's Trainer), epoch (at the end of each epoch) or no.")]
    public string SaveStrategy { get; init; } = "steps";
    [Description("With save_strategy steps: save a checkpoint every this many steps and at the last one (0 = at the last one only).")]
    public int SaveSteps { get; init; } = 500;
    [Description("Keep at most this many checkpoints (oldest deleted).")]
    public int? SaveTotalLimit { get; init; }
    [Description("steps (every eval_steps, default logging_steps), epoch (at the end of each epoch) or no; unset: steps when eval_steps is given, else no.")]
    public string? EvalStrategy { get; init; }
    [Description("Evaluate every this many steps (needs val_size or eval_dataset).")]
    public int? EvalSteps { get; init; }
    [Description("Write training_loss.png (and training_eval_loss.png).")]
    public bool PlotLoss { get; init; }
    [Description("Compute in bfloat16 (frozen weights held in bf16; trainable weights and optimizer state in fp32).")]
    public bool Bf16 { get; init; }
    [Description("Recompute each layer's activations in backward instead of storing them (less memory, ~⅓ more compute).")]
    public bool GradientCheckpointing { get; init; }
    [Description("A checkpoint folder, or true for the latest checkpoint in output_dir.")]
    public string? ResumeFromCheckpoint { get; init; }
    [Description("none or tensorboard.")]
    public string ReportTo { get; init; } = "none";
}
