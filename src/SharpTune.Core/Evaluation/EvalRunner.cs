using SharpTune.Core.Configuration;
using SharpTune.Core.Data;
using SharpTune.Core.Generation;

namespace SharpTune.Core.Evaluation;

/// <summary>`sharptune predict` and `sharptune eval`: a model (+ adapters) on a registered dataset.</summary>
public static class EvalRunner
{
    /// <summary>Generates for every example of the dataset (the last response is the label) and writes LLaMA-Factory's prediction files.</summary>
    public static PredictResult Predict(ModelArguments model, DataArguments data, GeneratingArguments generating, string outputDir, int batchSize, IProgress<int>? progress = null)
    {
        string dir = model.ModelNameOrPath ?? throw new ArgumentException("model_name_or_path is required");
        var tokenizer = DataPipeline.LoadTokenizer(dir);
        var template = DataPipeline.ResolveTemplate(data.Template ?? model.Template, dir);
        var (loaded, _) = DatasetLoader.Load(data, data.EvalDataset.Count > 0 ? data.EvalDataset : data.Dataset, generating.Seed);
        var samples = KShotSamples.Apply(loaded, data, generating.Seed);
        using var session = ModelSession.Load(model);
        var eos = new List<long>();
        if (template.ResolveEosId(tokenizer) is { } e) eos.Add(e);
        var result = PredictRunner.Run(session, samples, template, tokenizer, ids => tokenizer.Decode(ids, skipSpecialTokens: generating.SkipSpecialTokens),
            generating.ToOptions(eos, tokenizer.PadId ?? 0), batchSize, progress);
        Directory.CreateDirectory(outputDir);
        PredictRunner.Write(outputDir, result);
        return result;
    }

    /// <summary>Token-weighted loss and perplexity of the dataset (sft examples with a template, raw text for stage pt).</summary>
    public static Perplexity.Result Evaluate(ModelArguments model, DataArguments data, string stage, int batchSize)
    {
        string dir = model.ModelNameOrPath ?? throw new ArgumentException("model_name_or_path is required");
        var tokenizer = DataPipeline.LoadTokenizer(dir);
        var template = stage == "pt" ? null : DataPipeline.ResolveTemplate(data.Template ?? model.Template, dir);
        var (samples, _) = DatasetLoader.Load(data, data.EvalDataset.Count > 0 ? data.EvalDataset : data.Dataset, 42);
        var examples = DataPipeline.Preprocess(samples, data, tokenizer, template, _ => { });
        using var session = ModelSession.Load(model);
        return Perplexity.Compute(session, examples, batchSize, tokenizer.PadId ?? 0);
    }
}
