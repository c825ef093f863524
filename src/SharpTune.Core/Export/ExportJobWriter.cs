using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharpTune.Core.Configuration;
using SharpTune.Core.Data;
using SharpTune.Text.IO;

namespace SharpTune.Core.Export;

/// <summary>
/// `sharptune export-job`: a SharpTune recipe handed to LLaMA-Factory for a multi-GPU run (DeepSpeed ZeRO-2 / 3 or FSDP).
/// Writes job.yaml with the recipe's own keys (each key SharpTune parses and LLaMA-Factory lacks is left out and reported),
/// data/dataset_info.json with the data files the recipe uses, the launcher config, and README.md with the launch command
/// and how to bring the adapter back. Every file is written atomically.
/// </summary>
public static class ExportJobWriter
{
    const string JobFile = "job.yaml", DataDir = "data";

    public static ExportJobResult Write(ArgumentSet recipe, ExportJobOptions o)
    {
        recipe.RequireKnown(LlamaFactoryKeys.Records, [.. InertArguments.Reasons.Keys]);
        if (o.NumGpus < 1) throw new ArgumentException($"--num_gpus {o.NumGpus} must be at least 1");
        if (!o.Fsdp && o.Zero is not (2 or 3)) throw new ArgumentException($"--zero {o.Zero} is not supported (expected 2 or 3)");
        var bound = LlamaFactoryKeys.Records.ToDictionary(t => t, t => typeof(ArgumentSet).GetMethod(nameof(ArgumentSet.Bind))!.MakeGenericMethod(t).Invoke(recipe, null)!);
        var model = (ModelArguments)bound[typeof(ModelArguments)];
        var data = (DataArguments)bound[typeof(DataArguments)];
        var train = (TrainingArguments)bound[typeof(TrainingArguments)];
        var method = (Peft.FinetuningOptions)bound[typeof(Peft.FinetuningOptions)];
        if (model.ModelNameOrPath is null) throw new ArgumentException("the recipe has no model_name_or_path");
        if (data.Dataset.Count == 0) throw new ArgumentException("the recipe has no dataset");
        if (!LlamaFactoryKeys.FinetuningTypes.Contains(method.FinetuningType))
            throw new NotSupportedException($"finetuning_type {method.FinetuningType} has no LLaMA-Factory equivalent (it trains {string.Join(", ", LlamaFactoryKeys.FinetuningTypes)} and oft); train it with SharpTune on one machine");
        if (Directory.Exists(o.Output) && Directory.EnumerateFileSystemEntries(o.Output).Any() && !o.Overwrite)
            throw new IOException($"--output {o.Output} already holds files; pass --overwrite_output_dir true to write into it");

        var files = new List<string>();
        void Put(string name, string text) { AtomicFile.WriteAllText(Path.Combine(o.Output, name), text); files.Add(name); }
        var leftOut = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var notes = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);                 // key → YAML scalar
        foreach (var key in recipe.Keys)
        {
            if (LlamaFactoryKeys.NotInLlamaFactory.TryGetValue(key, out var why) || LlamaFactoryKeys.LeftOutOnPurpose.TryGetValue(key, out why)) { leftOut[key] = why; continue; }
            string? v = InertArguments.Reasons.ContainsKey(key) ? Raw(recipe.Get(key)) : LlamaFactoryKeys.Format(LlamaFactoryKeys.Value(bound, key));
            if (v != null) values[key] = v;
        }
        values.TryAdd("stage", "sft");
        values["do_train"] = "true";
        values.TryAdd("finetuning_type", method.FinetuningType);
        values["dataset_dir"] = DataDir;
        values.TryAdd("output_dir", "saves/sharptune-job");
        values["ddp_timeout"] = "180000000";
        if (train.ResumeFromCheckpoint is "true" or "True")
        {
            values.Remove("resume_from_checkpoint");
            notes.Add("resume_from_checkpoint true is left to LLaMA-Factory, which resumes from output_dir's last checkpoint when overwrite_output_dir is false");
        }
        if (method.ResizeVocab is { } rv)
        {
            values["resize_vocab"] = "true";
            notes.Add($"resize_vocab {rv} becomes LLaMA-Factory's resize_vocab true, which resizes to the tokenizer's length: ship a tokenizer with {rv} tokens");
        }
        if (!recipe.Has("template")) notes.Add("no template: LLaMA-Factory then uses the tokenizer's chat template, or 'empty'");
        int accumulation = train.GradientAccumulationSteps;
        if (o.NumGpus > 1 && accumulation % o.NumGpus == 0)
        {
            values["gradient_accumulation_steps"] = (accumulation / o.NumGpus).ToString(CultureInfo.InvariantCulture);
            notes.Add($"gradient_accumulation_steps {accumulation} → {accumulation / o.NumGpus} on {o.NumGpus} GPUs keeps the global batch at {train.PerDeviceTrainBatchSize * accumulation}");
        }
        else if (o.NumGpus > 1)
            notes.Add($"the global batch grows from {train.PerDeviceTrainBatchSize * accumulation} to {train.PerDeviceTrainBatchSize * accumulation * o.NumGpus} on {o.NumGpus} GPUs (gradient_accumulation_steps {accumulation} is not divisible by {o.NumGpus}); scale learning_rate if needed");

        Directory.CreateDirectory(o.Output);
        if (model.AdapterNameOrPath.Count > 0)
        {
            var copied = model.AdapterNameOrPath.Select((a, i) => CopyTree(a, o.Output, Path.Combine("adapters", $"{i}-{Path.GetFileName(Path.GetFullPath(a).TrimEnd('/'))}"), files)).ToList();
            values["adapter_name_or_path"] = LlamaFactoryKeys.Format((IReadOnlyList<string>)copied)!;
        }
        WriteData(data, o.Output, files, Put);
        string launcher;
        if (o.Fsdp) { launcher = "fsdp_config.yaml"; Put(launcher, DeepSpeedConfigs.Fsdp(o.NumGpus)); values.Remove("deepspeed"); }
        else
        {
            launcher = $"ds_z{o.Zero}_config.json";
            Put(launcher, DeepSpeedConfigs.Zero(o.Zero).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            values["deepspeed"] = launcher;
        }
        Put(JobFile, Yaml(values, leftOut));
        Put("README.md", ExportJobReadme.Text(model.ModelNameOrPath, values["output_dir"], o, launcher, leftOut, notes));
        return new ExportJobResult(o.Output, files, leftOut, notes);
    }

    static string Yaml(Dictionary<string, string> values, IReadOnlyDictionary<string, string> leftOut)
    {
        var sb = new StringBuilder("# LLaMA-Factory job written by `sharptune export-job` (keys as SharpTune's recipe; run: see README.md)\n");
        var sections = new (string Title, Type Record)[]
        {
            ("model", typeof(ModelArguments)), ("method", typeof(Peft.FinetuningOptions)), ("dataset", typeof(DataArguments)),
            ("train", typeof(TrainingArguments)), ("generation", typeof(GeneratingArguments)),
        };
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (title, record) in sections)
        {
            var keys = ArgumentSet.KeysOf(record).Where(k => values.ContainsKey(k) && !done.Contains(k)).ToList();
            if (keys.Count == 0) continue;
            sb.Append("### ").Append(title).Append('\n');
            foreach (var k in keys) { sb.Append(k).Append(": ").Append(values[k]).Append('\n'); done.Add(k); }
        }
        var rest = values.Keys.Where(k => !done.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (rest.Count > 0)
        {
            sb.Append("### distributed\n");
            foreach (var k in rest) sb.Append(k).Append(": ").Append(values[k]).Append('\n');
        }
        foreach (var (k, why) in leftOut) sb.Append("# left out: ").Append(k).Append(" (").Append(why).Append(")\n");
        return sb.ToString();
    }

    static string? Raw(string? s) => s is null ? null
        : bool.TryParse(s, out var b) ? (b ? "true" : "false")
        : long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? s
        : LlamaFactoryKeys.Format(s);

    /// <summary>dataset_info.json with the entries of the recipe's datasets, and their files, under data/.</summary>
    static void WriteData(DataArguments d, string output, List<string> files, Action<string, string> put)
    {
        var names = d.Dataset.Concat(d.EvalDataset).Distinct().ToList();
        var attrs = DatasetRegistry.Resolve(d.DatasetDir, names);                              // clear errors for unknown names / missing files
        var info = JsonNode.Parse(File.ReadAllText(Path.Combine(d.DatasetDir, DatasetRegistry.FileName)))!.AsObject();
        var subset = new JsonObject();
        foreach (var a in attrs)
        {
            if (Path.IsPathRooted(a.FileName) || a.FileName.Split('/', '\\').Contains(".."))
                throw new DataFormatException($"{Path.Combine(d.DatasetDir, DatasetRegistry.FileName)}: dataset '{a.Name}' file_name '{a.FileName}' must stay inside the dataset folder to be shipped with the job");
            subset[a.Name] = info[a.Name]!.DeepClone();
            CopyTree(Path.Combine(d.DatasetDir, a.FileName), output, Path.Combine(DataDir, a.FileName), files);
        }
        put(Path.Combine(DataDir, DatasetRegistry.FileName), subset.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Copies a file or a folder to <paramref name="relative"/> under <paramref name="root"/>, atomically per file.</summary>
    static string CopyTree(string source, string root, string relative, List<string> files)
    {
        if (Directory.Exists(source))
        {
            foreach (var f in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                CopyTree(f, root, Path.Combine(relative, Path.GetRelativePath(source, f)), files);
            return relative;
        }
        if (!File.Exists(source)) throw new FileNotFoundException($"{source}: not found (named by the recipe)", source);
        AtomicFile.Write(Path.Combine(root, relative), s => { using var f = File.OpenRead(source); f.CopyTo(s); });
        files.Add(relative);
        return relative;
    }
}
