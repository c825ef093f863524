using SharpTune.Core.Checkpoints;
using SharpTune.Core.Configuration;
using SharpTune.Core.Data;
using SharpTune.Core.Evaluation;
using SharpTune.Core.Modeling;
using SharpTune.Core.Native;
using SharpTune.Core.Peft;
using SharpTune.Text.Tokenization;
using static TorchSharp.torch;

namespace SharpTune.Core.Training;

/// <summary>Everything `sharptune train` was given, bound to LLaMA-Factory's argument records.</summary>
public sealed record TrainRequest(ModelArguments Model, DataArguments Data, TrainingArguments Training, FinetuningOptions Finetuning, GeneratingArguments Generating);

/// <summary>
/// `sharptune train` end to end: tokenizer and template, the model with its fine-tuning method, datasets →
/// preprocessing → split, the training recipe, then evaluation / prediction and the files LLaMA-Factory writes.
/// </summary>
public static class TrainRunner
{
    /// <summary>The training samples in a list of their own (the only reference to their text, so preprocessing can release
    /// it as it goes, see <see cref="DataPipeline.Drain"/>), the held-out ones, and the loader's report.</summary>
    static (List<ConversationSample?> Train, IReadOnlyList<ConversationSample> HeldOut, DatasetLoadReport Report) LoadAndSplit(TrainRequest r, long seed)
    {
        if (r.Data.EvalDataset.Count > 0 && r.Data.ValSize > 1e-6)
            throw new ArgumentException("val_size and eval_dataset are both set: give one (LLaMA-Factory refuses the pair too; the held-out part would go unused)");
        var (samples, report) = DatasetLoader.Load(r.Data, r.Data.Dataset, seed);
        var (train, heldOut) = DatasetLoader.Split(KShotSamples.Apply(samples, r.Data, seed), r.Data.ValSize, seed);
        return (new List<ConversationSample?>(train), heldOut, report);
    }

    /// <summary>The base model's answers: the same model with its adapter disabled, or (full / freeze) the base weights loaded again.</summary>
    static PredictResult PredictWithBase(PeftModel model, string modelDir, ScalarType dtype, Device device, Func<ICausalLM, PredictResult> predict)
    {
        if (model.Adapter is not null)
            using (model.DisableAdapter()) return predict(model);
        using var baseModel = ModelLoader.Load(modelDir, dtype, device: device);
        return predict(baseModel);
    }

    /// <summary>compare_with_base needs do_predict, something to predict and a base that exists.</summary>
    static void ValidateComparison(TrainRequest r)
    {
        if (!r.Training.CompareWithBase) return;
        if (!r.Training.DoPredict) throw new ArgumentException("compare_with_base needs do_predict: true (it compares the base model's predictions with the fine-tuned model's)");
        if (r.Training.Stage != "sft") throw new ArgumentException($"compare_with_base needs stage sft (predictions come from a chat template), not {r.Training.Stage}");
        if (r.Model.TrainFromScratch) throw new ArgumentException("compare_with_base and train_from_scratch are both set: a model trained from scratch has no base to compare with");
    }

    public static TrainingResult Run(TrainRequest r, IProgress<TrainingProgress>? progress = null, Action<string>? info = null, CancellationToken cancel = default)
    {
        info ??= _ => { };
        var t = r.Training;
        string modelDir = r.Model.ModelNameOrPath ?? throw new ArgumentException("model_name_or_path is required");
        string outputDir = t.OutputDir ?? throw new ArgumentException("output_dir is required");
        if (t.Stage is not ("pt" or "sft")) throw new ArgumentException($"stage '{t.Stage}' is not supported (supported: pt, sft)");
        if (t.ReportTo is not ("none" or "tensorboard")) throw new ArgumentException($"report_to '{t.ReportTo}' is not one of none, tensorboard");
        var finetuning = r.Finetuning.Validate();
        ValidateComparison(r);
        var tokenizer = DataPipeline.LoadTokenizer(modelDir);
        var template = t.Stage == "sft" ? DataPipeline.ResolveTemplate(r.Data.Template ?? r.Model.Template, modelDir) : null;
        var device = TorchDevice.Resolve(r.Model.Device);
        var dtype = t.Bf16 ? ScalarType.BFloat16 : TorchDevice.ParseDType(r.Model.Dtype) ?? ScalarType.Float32;
        if (dtype == ScalarType.BFloat16 && device.type == TorchSharp.DeviceType.CPU && CpuFeatures.Bf16Warning(CpuFeatures.Current) is { } slower) info($"warning: {slower}");

        var (train, heldOut, report) = LoadAndSplit(r, t.Seed);
        foreach (var w in report.Warnings) info($"warning: {w}");
        if (report.Skipped > 0) info($"skipped {report.Skipped} invalid records, e.g. {report.SkipReasons[0]}");
        var evalSamples = r.Data.EvalDataset.Count > 0 ? DatasetLoader.Load(r.Data, r.Data.EvalDataset, t.Seed).Samples : heldOut;
        var trainExamples = DataPipeline.Preprocess(DataPipeline.Drain(train), r.Data, tokenizer, template, info);
        var evalExamples = evalSamples.Count > 0 ? DataPipeline.Preprocess(evalSamples, r.Data, tokenizer, template, info) : [];
        // the raw text of the training set is garbage now: return it before the model and its buffers are allocated
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        info($"{trainExamples.Count} training examples, {evalExamples.Count} evaluation examples ({string.Join(", ", report.Kept.Select(k => $"{k.Key}: {k.Value}"))})");

        if (r.Model.TrainFromScratch && r.Model.AdapterNameOrPath.Count > 0)
            throw new ArgumentException("train_from_scratch and adapter_name_or_path are both set: a model trained from scratch has no base for an adapter");
        using var model = r.Model.TrainFromScratch ? PeftBuilder.BuildFromScratch(modelDir, finetuning, dtype, device)
            : PeftBuilder.Build(modelDir, finetuning, r.Model.AdapterNameOrPath, dtype,
                s => tokenizer.EncodeToIds(s, addSpecialTokens: false), id => tokenizer.IdToToken(id), device);
        model.base_model.eager_attention = r.Model.EagerAttention;
        model.base_model.model.gradient_checkpointing = r.Model.Checkpointing(t.GradientCheckpointing);
        var parameterReport = model.Report();
        info(parameterReport.ToString());
        Directory.CreateDirectory(outputDir);
        TrainingResult result;
        using (var tensorboard = t.ReportTo == "tensorboard" ? new TensorBoardProgress(outputDir, progress) : null)
        {
            var job = new TrainingJob(model, trainExamples, evalExamples, t, outputDir, tokenizer.PadId ?? tokenizer.EosId ?? 0,
                t.Stage == "sft" && (r.Data.Packing ?? false), r.Data.CutoffLen) { SaveWithCheckpoint = tokenizer.Save };
            result = TrainingRecipe.Run(job, (IProgress<TrainingProgress>?)tensorboard ?? progress, cancel);
        }
        parameterReport.Save(outputDir);
        tokenizer.Save(outputDir);
        if (t.DoPredict && template != null && evalSamples.Count > 0)
        {
            var eos = new List<long>();
            if (template.ResolveEosId(tokenizer) is { } e) eos.Add(e);
            var options = r.Generating.ToOptions(eos, tokenizer.PadId ?? 0);
            PredictResult Predict(ICausalLM m) =>
                PredictRunner.Run(m, evalSamples, template, tokenizer, ids => tokenizer.Decode(ids, skipSpecialTokens: true), options, t.PerDeviceEvalBatchSize);
            var predicted = Predict(model);
            PredictRunner.Write(outputDir, predicted);
            info($"wrote {predicted.Predictions.Count} predictions to {Path.Combine(outputDir, "generated_predictions.jsonl")}");
            if (t.CompareWithBase)
            {
                var basePredicted = PredictWithBase(model, modelDir, dtype, device, Predict);
                PredictRunner.Write(outputDir, basePredicted, BaseComparison.BaseSuffix);
                info($"wrote the base model's {basePredicted.Predictions.Count} predictions to {Path.Combine(outputDir, "generated_predictions_base.jsonl")}");
                var comparison = new BaseComparison(basePredicted, predicted);
                result = result with { Comparison = comparison, Metrics = result.Metrics.Concat(comparison.Metrics()).ToDictionary() };
            }
        }
        return result;
    }
}
