using SharpTune.Core.Configuration;
using SharpTune.Core.Data;
using SharpTune.Core.Evaluation;
using SharpTune.Core.Generation;

namespace SharpTune.Server.Arena;

/// <summary>
/// The arena's model mode: one base model and named adapters (<c>base</c> as a path means no adapter) answer every
/// prompt of a dataset with Core's predict-with-generate (greedy unless sampling is asked for), and each model's
/// answers are written as LLaMA-Factory prediction files into <c>OUTPUT/NAME/generated_predictions.jsonl</c>, so a
/// later run can serve them again with <c>--predictions</c> without generating.
/// </summary>
internal static class ArenaGeneration
{
    public const string NoAdapter = "base";

    /// <summary>Generates and writes the prediction files; returns (name, file) for <see cref="ArenaPredictions.Load"/>.</summary>
    public static IReadOnlyList<(string Name, string Path)> Generate(ModelArguments model, DataArguments data, GeneratingArguments generating,
        IReadOnlyList<(string Name, string Path)> adapters, string outputDir, int batchSize = 8, Action<string>? progress = null)
    {
        string dir = model.ModelNameOrPath ?? throw new ArgumentException("arena needs --model_name_or_path with --adapters");
        if (data.Dataset.Count == 0 && data.EvalDataset.Count == 0) throw new ArgumentException("arena with --model_name_or_path needs --dataset NAME (the prompts to answer)");
        foreach (var (name, path) in adapters.Where(a => a.Path != NoAdapter && !Directory.Exists(a.Path)))
            throw new DirectoryNotFoundException($"--adapters: {name}={path}: no such adapter folder (use {name}=base for the model without an adapter)");
        var tokenizer = DataPipeline.LoadTokenizer(dir);
        var template = DataPipeline.ResolveTemplate(data.Template ?? model.Template, dir);
        var (samples, _) = DatasetLoader.Load(data, data.EvalDataset.Count > 0 ? data.EvalDataset : data.Dataset, generating.Seed);
        var eos = new List<long>();
        if (template.ResolveEosId(tokenizer) is { } e) eos.Add(e);
        var options = generating.ToOptions(eos, tokenizer.PadId ?? 0);
        var files = new List<(string, string)>();
        foreach (var (name, path) in adapters)
        {
            progress?.Invoke($"arena: {name} answers {samples.Count} prompts");
            using var session = ModelSession.Load(model with { AdapterNameOrPath = path == NoAdapter ? [] : [path] });
            var result = PredictRunner.Run(session, samples, template, tokenizer, ids => tokenizer.Decode(ids, skipSpecialTokens: generating.SkipSpecialTokens),
                options, batchSize);
            string folder = Path.Combine(outputDir, name);
            Directory.CreateDirectory(folder);
            PredictRunner.Write(folder, result);
            files.Add((name, Path.Combine(folder, "generated_predictions.jsonl")));
        }
        return files;
    }
}
