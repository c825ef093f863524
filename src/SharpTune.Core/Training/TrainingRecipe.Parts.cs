using SharpTune.Core.Configuration;
using SharpTune.Core.Modeling;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpTune.Core.Training;

public static partial class TrainingRecipe
{
    static void Validate(TrainingJob job)
    {
        var a = job.Args;
        if (job.Train.Count == 0) throw new ArgumentException("the training set is empty");
        if (a.PerDeviceTrainBatchSize < 1) throw new ArgumentException($"per_device_train_batch_size must be ≥ 1, got {a.PerDeviceTrainBatchSize}");
        if (a.GradientAccumulationSteps < 1) throw new ArgumentException($"gradient_accumulation_steps must be ≥ 1, got {a.GradientAccumulationSteps}");
        if (a.LoggingSteps < 1) throw new ArgumentException($"logging_steps must be ≥ 1, got {a.LoggingSteps}");
        if (a.LearningRate <= 0) throw new ArgumentException($"learning_rate must be > 0, got {a.LearningRate}");
        if (a.MaxSteps <= 0 && a.NumTrainEpochs <= 0) throw new ArgumentException("give num_train_epochs > 0 or max_steps > 0");
        _ = LrSchedule.Factor(a.LrSchedulerType, 0, 0, 1);
        CheckStrategy("save_strategy", a.SaveStrategy);
        if (a.EvalStrategy is not null) CheckStrategy("eval_strategy", a.EvalStrategy);
        bool nonEmpty = Directory.Exists(job.OutputDir) && Directory.EnumerateFileSystemEntries(job.OutputDir).Any();
        if (nonEmpty && !a.OverwriteOutputDir && a.ResumeFromCheckpoint is null)
            throw new IOException($"output_dir '{job.OutputDir}' exists and is not empty: set overwrite_output_dir true, or resume_from_checkpoint true to continue");
    }

    static void CheckStrategy(string key, string value)
    {
        if (value is not ("steps" or "epoch" or "no")) throw new ArgumentException($"{key} '{value}' is not one of steps, epoch, no");
    }

    /// <summary>Whether optimizer step `step` (1-based) ends with a checkpoint: Hugging Face's Trainer rule, where the steps
    /// strategy also saves at the last step, so that resuming a finished run has nothing left to do.</summary>
    static bool SavesAt(TrainingArguments a, int step, int totalSteps, bool endOfEpoch) => a.SaveStrategy switch
    {
        "steps" => (a.SaveSteps > 0 && step % a.SaveSteps == 0) || step == totalSteps,
        "epoch" => endOfEpoch,
        _ => false,
    };

    /// <summary>Whether optimizer step `step` is followed by an evaluation: the Trainer's eval_strategy (steps every eval_steps,
    /// which defaults to logging_steps; epoch; no), with steps implied when only eval_steps is given.</summary>
    static bool EvaluatesAt(TrainingArguments a, int step, bool endOfEpoch) => (a.EvalStrategy ?? (a.EvalSteps > 0 ? "steps" : "no")) switch
    {
        "steps" => step % (a.EvalSteps > 0 ? a.EvalSteps.Value : a.LoggingSteps) == 0,
        "epoch" => endOfEpoch,
        _ => false,
    };

    static string? ResolveResume(TrainingArguments a, string outputDir) => a.ResumeFromCheckpoint?.Trim().ToLowerInvariant() switch
    {
        null or "" or "false" or "none" => null,
        "true" => TrainingCheckpoint.Latest(outputDir),      // nothing saved yet: start from scratch, as HF does with a warning
        _ => Directory.Exists(a.ResumeFromCheckpoint) ? a.ResumeFromCheckpoint
            : throw new DirectoryNotFoundException($"resume_from_checkpoint '{a.ResumeFromCheckpoint}' does not exist"),
    };

    /// <summary>AdamW with weight decay on weights only: never on biases or normalisation weights.</summary>
    static AdamW CreateOptimizer(IReadOnlyList<(string name, Parameter parameter)> trainable, TrainingArguments a)
    {
        static bool NoDecay(string n) => n.EndsWith(".bias", StringComparison.Ordinal) || n.Contains("norm", StringComparison.Ordinal);
        var decay = trainable.Where(p => !NoDecay(p.name)).Select(p => p.parameter).ToList();
        var noDecay = trainable.Where(p => NoDecay(p.name)).Select(p => p.parameter).ToList();
        var groups = new List<AdamW.ParamGroup>();
        if (decay.Count > 0) groups.Add(new AdamW.ParamGroup(decay, a.LearningRate, a.AdamBeta1, a.AdamBeta2, a.AdamEpsilon, a.WeightDecay, false, false));
        if (noDecay.Count > 0) groups.Add(new AdamW.ParamGroup(noDecay, a.LearningRate, a.AdamBeta1, a.AdamBeta2, a.AdamEpsilon, 0.0, false, false));
        return optim.AdamW(groups, a.LearningRate, a.AdamBeta1, a.AdamBeta2, a.AdamEpsilon, a.WeightDecay);
    }

    /// <summary>A seeded permutation per epoch, so any step's data is known without replaying the run.</summary>
    static int[] EpochOrder(int count, long seed, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(unchecked((int)(seed * 1_000_003 + epoch))).Shuffle(order);
        return order;
    }

    static CausalLMInputs Inputs(Batch b) => new()
    {
        input_ids = b.InputIds, attention_mask = b.AttentionMask, labels = b.Labels, position_ids = b.PositionIds, segment_ids = b.SegmentIds,
        loss_only = true,
    };

    static Device Device(ITrainableModel m) => m.device;

    static void SetMode(ICausalLM m, bool train)
    {
        if (m is nn.Module mod) { if (train) mod.train(); else mod.eval(); }
    }

    /// <summary>Mean loss over the evaluation set, batches weighted by their size (the Trainer's eval_loss).</summary>
    public static double Evaluate(ICausalLM model, IReadOnlyList<TokenizedExample> examples, int batchSize, int padId, Device device)
    {
        SetMode(model, train: false);
        using var _ = no_grad();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < examples.Count; i += batchSize)
        {
            using var scope = NewDisposeScope();
            var chunk = examples.Skip(i).Take(batchSize).ToList();
            using var batch = Collator.Collate(chunk, padId, device);
            using var o = model.forward(Inputs(batch));
            sum += o.loss!.item<float>() * chunk.Count;
            n += chunk.Count;
        }
        return sum / Math.Max(1, n);
    }

    static TrainingResult Finish(TrainingJob job, TrainerLog log, int step, double epoch, double trainLoss, double? lastEval, TimeSpan elapsed, Device device)
    {
        var a = job.Args;
        double? evalLoss = job.Eval.Count > 0 ? Evaluate(job.Model, job.Eval, a.PerDeviceEvalBatchSize, job.PadId, device) : lastEval;
        job.Model.Save(job.OutputDir);
        var metrics = new Dictionary<string, double>
        {
            ["epoch"] = Math.Round(epoch, 4),
            ["train_loss"] = trainLoss,
            ["train_runtime"] = Math.Round(elapsed.TotalSeconds, 4),
            ["train_samples_per_second"] = Math.Round(job.Train.Count * epoch / Math.Max(1e-9, elapsed.TotalSeconds), 3),
            ["train_steps_per_second"] = Math.Round(step / Math.Max(1e-9, elapsed.TotalSeconds), 3),
        };
        if (evalLoss is { } el)
        {
            metrics["eval_loss"] = el;
            metrics["perplexity"] = Math.Exp(el);
        }
        TrainerLog.WriteResults(job.OutputDir, metrics);
        if (a.PlotLoss) LossPlot.Write(job.OutputDir, log.Entries);
        return new TrainingResult(step, trainLoss, evalLoss, metrics, job.OutputDir);
    }
}
