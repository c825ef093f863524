using System.Diagnostics;
using System.Text.Json;
using SharpTune.Core.Benchmarking;
using SharpTune.Core.Configuration;
using SharpTune.Core.Evaluation;
using SharpTune.Core.Peft;
using SharpTune.Core.Training;
using SharpTune.Text.IO;
using YamlDotNet.Serialization;

namespace SharpTune.Core.Experiments;

/// <summary>
/// Runs an experiment's steps in-process through the library's own entry points (TrainRunner, EvalRunner): each
/// configuration is written first as configs/ID.yaml (LLaMA-Factory names, overrides applied) and then read back
/// with <see cref="ArgumentSet"/>, so the file is exactly what ran. Weights and predictions go to runs/ID.
/// </summary>
public sealed class ExperimentContext(ExperimentSettings settings, Action<string>? info = null, IProgress<TrainingProgress>? progress = null)
{
    static readonly Type[] TrainRecords = [typeof(ModelArguments), typeof(DataArguments), typeof(TrainingArguments), typeof(FinetuningOptions), typeof(GeneratingArguments)];
    static readonly Type[] PredictRecords = [typeof(ModelArguments), typeof(DataArguments), typeof(GeneratingArguments), typeof(PredictArguments)];
    readonly List<string> _configs = [];

    public ExperimentSettings Settings => settings;

    /// <summary>Logs a line (the CLI prints it; tests drop it).</summary>
    public Action<string> Info { get; } = info ?? (_ => { });

    /// <summary>The configuration files written so far, relative to the output folder.</summary>
    public IReadOnlyList<string> Configs => _configs;

    public string RunDir(string id) => Path.Combine(settings.OutputDir, "runs", id);

    /// <summary>Throws for an override key that no run could use, naming the closest valid key.</summary>
    public static void CheckOverrides(IReadOnlyDictionary<string, string> overrides)
    {
        var set = new ArgumentSet();
        foreach (var (k, v) in overrides) set.Set(k, v, "command line");
        set.RequireKnown([.. TrainRecords, .. PredictRecords]);
    }

    /// <summary>`sharptune train` with <paramref name="config"/> (model, dataset dir and output dir filled in when absent).</summary>
    public RunOutcome Train(string id, IReadOnlyDictionary<string, string> config)
    {
        var values = Complete(id, config, TrainRecords);
        values["output_dir"] = RunDir(id);
        values["overwrite_output_dir"] = "true";
        var args = Load(id, values, TrainRecords);
        var request = new TrainRequest(args.Bind<ModelArguments>(), args.Bind<DataArguments>(), args.Bind<TrainingArguments>(),
            args.Bind<FinetuningOptions>(), args.Bind<GeneratingArguments>());
        Info($"[{id}] training ({request.Finetuning.FinetuningType}, stage {request.Training.Stage})");
        var speeds = new List<double>();
        // the run's own peak: what earlier runs freed is collected first, then the high-water mark restarts from here
        GC.Collect();
        GC.WaitForPendingFinalizers();
        bool peakReset = CpuMeter.ResetPeakRss();
        double startRss = CpuMeter.RssMb();
        var clock = Stopwatch.StartNew();
        var result = TrainRunner.Run(request, new Relay(p => { if (p.EvalLoss is null && p.TokensPerSecond > 0) speeds.Add(p.TokensPerSecond); progress?.Report(p); }), _ => { });
        string dir = RunDir(id);
        return new RunOutcome(id, dir, result.Metrics, ReadPredictions(Path.Combine(dir, "generated_predictions.jsonl")))
        {
            BasePredictions = ReadPredictions(Path.Combine(dir, $"generated_predictions{BaseComparison.BaseSuffix}.jsonl")),
            TrainableShare = ReadShare(dir),
            TokensPerSecond = speeds.Count == 0 ? null : Stats.Median(speeds),
            Seconds = clock.Elapsed.TotalSeconds,
            PeakRssMb = peakReset ? CpuMeter.PeakRssMb() : null,
            StartRssMb = peakReset ? startRss : null,
        };
    }

    /// <summary>`sharptune predict` with <paramref name="config"/>; Metrics hold predict_chrf, predict_bleu and ms_per_token.</summary>
    public RunOutcome Predict(string id, IReadOnlyDictionary<string, string> config)
    {
        var values = Complete(id, config, PredictRecords);
        var args = Load(id, values, PredictRecords);
        var batch = args.Bind<PredictArguments>().PerDeviceEvalBatchSize;
        Info($"[{id}] predicting");
        var clock = Stopwatch.StartNew();
        var result = EvalRunner.Predict(args.Bind<ModelArguments>(), args.Bind<DataArguments>(), args.Bind<GeneratingArguments>(), RunDir(id), batch);
        double seconds = clock.Elapsed.TotalSeconds;
        var outcome = new RunOutcome(id, RunDir(id), new Dictionary<string, double>(), result.Predictions) { Seconds = seconds };
        return outcome with { Metrics = new Dictionary<string, double> { ["predict_chrf"] = outcome.Chrf, ["predict_bleu"] = outcome.Bleu } };
    }

    /// <summary>`sharptune eval` (token-weighted loss) with <paramref name="config"/>.</summary>
    public Perplexity.Result Evaluate(string id, IReadOnlyDictionary<string, string> config, string stage)
    {
        var values = Complete(id, config, PredictRecords);
        var args = Load(id, values, PredictRecords);
        Info($"[{id}] evaluating");
        return EvalRunner.Evaluate(args.Bind<ModelArguments>(), args.Bind<DataArguments>(), stage, args.Bind<PredictArguments>().PerDeviceEvalBatchSize);
    }

    /// <summary>The experiment's values, the bundled model / data where not given, then the overrides that apply.</summary>
    Dictionary<string, string> Complete(string id, IReadOnlyDictionary<string, string> config, Type[] records)
    {
        var values = new Dictionary<string, string> { ["model_name_or_path"] = settings.ModelNameOrPath, ["dataset_dir"] = settings.DatasetDir };
        foreach (var (k, v) in config) values[k] = v;
        var known = records.SelectMany(ArgumentSet.KeysOf).ToHashSet();
        foreach (var (k, v) in settings.Overrides)
            if (known.Contains(k) && k is not ("model_name_or_path" or "dataset_dir")) values[k] = v;   // those two are the settings' base model and data
        if (values.ContainsKey("output_dir") && records != TrainRecords) throw new ArgumentException($"run {id}: output_dir is set by the experiment");
        return values;
    }

    /// <summary>Writes configs/ID.yaml atomically and reads it back as the arguments of the run.</summary>
    ArgumentSet Load(string id, Dictionary<string, string> values, Type[] records)
    {
        string rel = Path.Combine("configs", id + ".yaml");
        string path = Path.Combine(settings.OutputDir, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string header = $"# {id}: written by `{settings.Command}` and run as `sharptune {(records == TrainRecords ? "train" : "predict")} {rel}`\n";
        AtomicFile.WriteAllText(path, header + new SerializerBuilder().Build().Serialize(values));
        if (!_configs.Contains(rel)) _configs.Add(rel);
        var args = ArgumentSet.Parse([path]);
        args.RequireKnown(records);
        return args;
    }

    static IReadOnlyList<Prediction> ReadPredictions(string file) => !File.Exists(file) ? []
        : File.ReadLines(file).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<Prediction>(l)
            ?? throw new FormatException($"{file}: a line is not a prediction")).ToList();

    static double? ReadShare(string dir)
    {
        string file = Path.Combine(dir, ParameterReport.FileName);
        if (!File.Exists(file)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var root = doc.RootElement;
        return root.TryGetProperty("trainable", out var t) && root.TryGetProperty("total", out var a) && a.GetDouble() > 0 ? t.GetDouble() / a.GetDouble() : null;
    }

    sealed class Relay(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
