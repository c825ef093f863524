using SharpTune.Core.Configuration;
using SharpTune.Core.Data;
using SharpTune.Core.Evaluation;
using SharpTune.Core.Native;
using SharpTune.Core.Peft;
using SharpTune.Text.Templates;
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
    public static TrainingResult Run(TrainRequest r, IProgress<TrainingProgress>? progress = null, Action<string>? info = null, CancellationToken cancel = default)
    {
        info ??= _ => { };
        var t = r.Training;
        string modelDir = r.Model.ModelNameOrPath ?? throw new ArgumentException("model_name_or_path is required");
        string outputDir = t.OutputDir ?? throw new ArgumentException("output_dir is required");
        if (t.Stage is not ("pt" or "sft")) throw new ArgumentException($"stage '{t.Stage}' is not supported (supported: pt, sft)");
        if (t.ReportTo is not ("none" or "tensorboard")) throw new ArgumentException($"report_to '{t.ReportTo}' is not one of none, tensorboard");
        var finetuning = r.Finetuning.Validate();
        var tokenizer = LoadTokenizer(modelDir);
        var template = t.Stage == "sft" ? ResolveTemplate(r, modelDir) : null;
        var device = TorchDevice.Resolve(r.Model.Device);
        var dtype = t.Bf16 ? ScalarType.BFloat16 : TorchDevice.ParseDType(r.Model.Dtype) ?? ScalarType.Float32;

        var (samples, report) = DatasetLoader.Load(r.Data, r.Data.Dataset, t.Seed);
        foreach (var w in report.Warnings) info($"warning: {w}");
        if (report.Skipped > 0) info($"skipped {report.Skipped} invalid records, e.g. {report.SkipReasons[0]}");
        var (train, heldOut) = DatasetLoader.Split(samples, r.Data.ValSize, t.Seed);
        var evalSamples = r.Data.EvalDataset.Count > 0 ? DatasetLoader.Load(r.Data, r.Data.EvalDataset, t.Seed).Samples : heldOut;
        var trainExamples = Preprocess(train, r, tokenizer, template, info);
        var evalExamples = evalSamples.Count > 0 ? Preprocess(evalSamples, r, tokenizer, template, info) : [];
        info($"{trainExamples.Count} training examples, {evalExamples.Count} evaluation examples ({string.Join(", ", report.Kept.Select(k => $"{k.Key}: {k.Value}"))})");

        using var model = PeftBuilder.Build(modelDir, finetuning, r.Model.AdapterNameOrPath, dtype,
            s => tokenizer.EncodeToIds(s, addSpecialTokens: false), id => tokenizer.IdToToken(id), device);
        model.base_model.eager_attention = r.Model.EagerAttention;
        var parameterReport = model.Report();
        info(parameterReport.ToString());
        Directory.CreateDirectory(outputDir);
        TrainingResult result;
        using (var tensorboard = t.ReportTo == "tensorboard" ? new TensorBoardProgress(outputDir, progress) : null)
        {
            var job = new TrainingJob(model, trainExamples, evalExamples, t, outputDir, tokenizer.PadId ?? tokenizer.EosId ?? 0,
                t.Stage == "sft" && (r.Data.Packing ?? false), r.Data.CutoffLen);
            result = TrainingRecipe.Run(job, (IProgress<TrainingProgress>?)tensorboard ?? progress, cancel);
        }
        parameterReport.Save(outputDir);
        tokenizer.Save(outputDir);
        if (t.DoPredict && template != null && evalSamples.Count > 0)
        {
            var eos = new List<long>();
            if (template.ResolveEosId(tokenizer) is { } e) eos.Add(e);
            var options = r.Generating.ToOptions(eos, tokenizer.PadId ?? 0);
            var predicted = PredictRunner.Run(model, evalSamples, template, tokenizer, ids => tokenizer.Decode(ids, skipSpecialTokens: true), options, t.PerDeviceEvalBatchSize);
            PredictRunner.Write(outputDir, predicted);
            info($"wrote {predicted.Predictions.Count} predictions to {Path.Combine(outputDir, "generated_predictions.jsonl")}");
        }
        return result;
    }

    public static Tokenizer LoadTokenizer(string modelDir)
    {
        if (!File.Exists(Path.Combine(modelDir, "tokenizer.json")) && !File.Exists(Path.Combine(modelDir, "tokenizer.json.gz")))
            throw new FileNotFoundException($"{modelDir}: no tokenizer.json (training needs the model's tokenizer)");
        return Tokenizer.Load(modelDir);
    }

    /// <summary>The template named by the arguments, else the one the tokenizer's chat_template implies, else an error listing the choices.</summary>
    public static ChatTemplate ResolveTemplate(TrainRequest r, string modelDir)
    {
        string? name = r.Data.Template ?? r.Model.Template;
        if (name is null)
        {
            string config = Path.Combine(modelDir, "tokenizer_config.json");
            name = File.Exists(config) ? ChatTemplates.TryInfer(File.ReadAllText(config)) : null;
            if (name is null)
                throw new ArgumentException($"template is not set and cannot be inferred from {config}; choose one of: {string.Join(", ", ChatTemplates.Names)}");
        }
        return ChatTemplates.Get(name);
    }

    static List<TokenizedExample> Preprocess(IReadOnlyList<ConversationSample> samples, TrainRequest r, Tokenizer tokenizer, ChatTemplate? template, Action<string> info)
    {
        if (template is null)
            return PretrainPreprocessor.Encode(samples, tokenizer, r.Data.CutoffLen, r.Data.Packing ?? true, tokenizer.BosId.HasValue && tokenizer.AddBosToken);
        var pre = new SupervisedPreprocessor(template, tokenizer, r.Data.CutoffLen, r.Data.TrainOnPrompt, r.Data.MaskHistory);
        var result = new List<TokenizedExample>(samples.Count);
        int skipped = 0;
        string? first = null;
        foreach (var s in samples)
        {
            try { result.Add(pre.Encode(s)); }
            catch (DataFormatException e) when (r.Data.SkipInvalid)
            {
                skipped++;
                first ??= e.Message;
            }
        }
        if (skipped > 0) info($"skipped {skipped} examples in preprocessing, e.g. {first}");
        if (result.Count == 0) throw new DataFormatException("no example survived preprocessing");
        return result;
    }
}
