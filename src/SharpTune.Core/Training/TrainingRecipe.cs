using System.Diagnostics;
using SharpTune.Core.Configuration;
using SharpTune.Core.Modeling;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpTune.Core.Training;

/// <summary>What one training run needs, already prepared: model, tokenized data, settings.</summary>
public sealed record TrainingJob(
    ITrainableModel Model, IReadOnlyList<TokenizedExample> Train, IReadOnlyList<TokenizedExample> Eval,
    TrainingArguments Args, string OutputDir, int PadId, bool Packing, int CutoffLen)
{
    /// <summary>
    /// Writes what else belongs in every checkpoint folder (the tokenizer, as Hugging Face's Trainer saves its
    /// processing class), so that a checkpoint loads for generate / predict / eval like a finished run.
    /// </summary>
    public Action<string>? SaveWithCheckpoint { get; init; }
}

/// <summary>
/// The pt / sft training loop, straight-line: setup → loop (accumulate, clip, AdamW step, schedule) → eval →
/// checkpoint. Deterministic on CPU for a seed; resuming from a checkpoint reproduces the uninterrupted losses.
/// </summary>
public static partial class TrainingRecipe
{
    public static TrainingResult Run(TrainingJob job, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        var a = job.Args;
        Validate(job);
        Directory.CreateDirectory(job.OutputDir);
        manual_seed(a.Seed);
        var device = Device(job.Model);
        var units = job.Packing ? Packer.Pack(job.Train, job.CutoffLen).Select(r => (IReadOnlyList<TokenizedExample>)r).ToList()
                                : job.Train.Select(e => (IReadOnlyList<TokenizedExample>)[e]).ToList();
        int batchesPerEpoch = (units.Count + a.PerDeviceTrainBatchSize - 1) / a.PerDeviceTrainBatchSize;
        int stepsPerEpoch = (batchesPerEpoch + a.GradientAccumulationSteps - 1) / a.GradientAccumulationSteps; // a short last group still steps
        int totalSteps = a.MaxSteps > 0 ? a.MaxSteps : (int)Math.Ceiling(a.NumTrainEpochs * stepsPerEpoch);
        int warmup = LrSchedule.WarmupSteps(a.WarmupSteps, a.WarmupRatio, totalSteps);
        var trainable = job.Model.TrainableParameters();
        if (trainable.Count == 0) throw new InvalidOperationException("nothing to train: the fine-tuning options leave no trainable parameter");
        using var optimizer = CreateOptimizer(trainable, a);

        var state = new TrainerState(0, totalSteps, 0, 0, 0, 0);
        string? resume = ResolveResume(a, job.OutputDir);
        if (resume != null) state = TrainingCheckpoint.Load(resume, job.Model, optimizer) with { TotalSteps = totalSteps };
        var log = new TrainerLog(job.OutputDir, state.GlobalStep);
        var clock = Stopwatch.StartNew();
        double windowLoss = 0;
        int windowSteps = 0, windowTokens = 0;
        double? lastEval = null;
        double lastEpoch = state.Epoch;
        var stepClock = Stopwatch.StartNew();
        SetMode(job.Model, train: true);

        int epoch = state.Epoch, micro = state.MicroBatchInEpoch;
        double lossSum = state.TrainLossSum;
        int lossCount = state.TrainLossCount, step = state.GlobalStep;
        while (step < totalSteps)
        {
            var order = EpochOrder(units.Count, a.Seed, epoch);
            double accumulated = 0;
            int inAccum = 0;
            for (; micro < batchesPerEpoch && step < totalSteps; micro++)
            {
                cancel.ThrowIfCancellationRequested();
                Native.NativeScalars.Release();                                   // the last micro-batch's and step's scalars
                using var scope = NewDisposeScope();
                var rows = order.Skip(micro * a.PerDeviceTrainBatchSize).Take(a.PerDeviceTrainBatchSize).Select(i => units[i]).ToList();
                using var batch = job.Packing ? Collator.CollatePacked(rows, job.PadId, device) : Collator.Collate(rows.Select(r => r[0]).ToList(), job.PadId, device);
                using var output = job.Model.forward(Inputs(batch));
                var loss = output.loss!;
                double value = loss.item<float>();
                if (!double.IsFinite(value))
                    throw new TrainingDivergedException($"loss became {value} at step {step + 1} (epoch {epoch}); last good checkpoint: {TrainingCheckpoint.NewestIntact(job.OutputDir) ?? "none"}");
                int groupSize = Math.Min(a.GradientAccumulationSteps, batchesPerEpoch - (micro - inAccum));
                (loss / groupSize).backward();
                accumulated += value / groupSize;
                windowTokens += batch.Tokens;
                if (++inAccum < groupSize) continue;

                if (a.MaxGradNorm > 0) nn.utils.clip_grad_norm_(trainable.Select(p => p.parameter), a.MaxGradNorm);
                double lr = a.LearningRate * LrSchedule.Factor(a.LrSchedulerType, step, warmup, totalSteps);
                foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
                optimizer.step();
                optimizer.zero_grad();
                step++;
                lossSum += accumulated; lossCount++;
                windowLoss += accumulated; windowSteps++;
                accumulated = 0; inAccum = 0;

                double ep = epoch + (double)(micro + 1) / batchesPerEpoch;
                lastEpoch = ep;
                double loggedLr = a.LearningRate * LrSchedule.Factor(a.LrSchedulerType, step, warmup, totalSteps);
                var elapsed = clock.Elapsed;
                var remaining = TimeSpan.FromSeconds(elapsed.TotalSeconds / Math.Max(1, step - state.GlobalStep) * (totalSteps - step));
                double tps = windowTokens / Math.Max(1e-9, stepClock.Elapsed.TotalSeconds);
                double? logged = null;
                if (step % a.LoggingSteps == 0 || step == totalSteps)
                {
                    logged = Math.Round(windowLoss / windowSteps, 4);             // the Trainer rounds the logged loss, for every consumer
                    log.Append(new LogEntry(step, logged, loggedLr, null, ep), totalSteps, elapsed);
                    windowLoss = 0; windowSteps = 0;
                }
                progress?.Report(new TrainingProgress(step, totalSteps, ep, logged, loggedLr, tps, elapsed, remaining));
                windowTokens = 0;
                stepClock.Restart();
                bool endOfEpoch = micro + 1 >= batchesPerEpoch;
                if (EvaluatesAt(a, step, endOfEpoch) && job.Eval.Count > 0)
                {
                    lastEval = Evaluate(job.Model, job.Eval, a.PerDeviceEvalBatchSize, job.PadId, device);
                    log.Append(new LogEntry(step, null, null, lastEval, ep), totalSteps, clock.Elapsed);
                    progress?.Report(new TrainingProgress(step, totalSteps, ep, null, loggedLr, 0, clock.Elapsed, remaining, lastEval));
                    SetMode(job.Model, train: true);
                }
                if (SavesAt(a, step, totalSteps, endOfEpoch))
                {
                    var position = new TrainerState(step, totalSteps, endOfEpoch ? epoch + 1 : epoch, endOfEpoch ? 0 : micro + 1, lossSum, lossCount);
                    TrainingCheckpoint.Save(job.OutputDir, job.Model, optimizer, position, a.SaveTotalLimit, job.SaveWithCheckpoint);
                }
            }
            epoch++;
            micro = 0;
        }
        return Finish(job, log, step, lastEpoch, lossSum / Math.Max(1, lossCount), lastEval, clock.Elapsed, device);
    }
}
