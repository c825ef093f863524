using SharpTune.Core.Checkpoints;
using SharpTune.Core.Checkpoints.Gguf;
using SharpTune.Core.Configuration;
using SharpTune.Core.Modeling;
using SharpTune.Core.Native;
using SharpTune.Core.Peft;
using SharpTune.Text.IO;
using static TorchSharp.torch;

namespace SharpTune.Core.Export;

/// <summary>
/// `sharptune export`, as LLaMA-Factory's export_model: the base model with its LoRA / DoRA adapters merged (in float32,
/// then cast) written as a Hugging Face folder (sharded safetensors + index, config.json, generation_config.json, the
/// tokenizer), as a GGUF file for llama.cpp / Ollama (with a Modelfile), or the LoRA alone as a GGUF LoRA. Every file is
/// written atomically, so an interrupted export leaves only complete files; <paramref name="fileWritten"/> reports each.
/// </summary>
public static class ModelExporter
{
    public static readonly IReadOnlyList<string> Formats = ["hf", "gguf", "gguf-lora"];
    static readonly string[] TokenizerFiles = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.model", "added_tokens.json", "chat_template.jinja"];

    public static ExportResult Run(ModelArguments model, ExportArguments export, Action<string>? fileWritten = null, CancellationToken cancellation = default)
    {
        string baseDir = model.ModelNameOrPath ?? throw new ArgumentException("--model_name_or_path is required");
        string dir = export.ExportDir ?? throw new ArgumentException("--export_dir is required");
        string format = export.ExportFormat.ToLowerInvariant();
        if (!Formats.Contains(format)) throw new ArgumentException($"--export_format '{export.ExportFormat}' is not supported (expected one of {string.Join(", ", Formats)})");
        if (export.ExportLegacyFormat) throw new ArgumentException("--export_legacy_format true asks for pytorch_model.bin, a pickle, which SharpTune never writes; leave it false for safetensors");
        if (export.ExportSize <= 0) throw new ArgumentException($"--export_size {export.ExportSize} must be a positive number of GB");
        var dtype = export.ExportDtype is null ? (ScalarType?)null : TorchDevice.ParseDType(export.ExportDtype) is { } d && d != ScalarType.Float64 ? d
            : throw new ArgumentException($"--export_dtype '{export.ExportDtype}' is not supported (expected float32, bfloat16 or float16)");
        var quantization = GgufQuantization.Parse(export.ExportQuantization);
        var adapters = model.AdapterNameOrPath;
        foreach (var a in adapters) RefuseUnmergeable(a, format);
        CheckTarget(dir, export.OverwriteOutputDir);
        cancellation.ThrowIfCancellationRequested();
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        void Done(string name) { written.Add(name); fileWritten?.Invoke(name); cancellation.ThrowIfCancellationRequested(); }

        string tokenizerDir = adapters.LastOrDefault(a => File.Exists(Path.Combine(a, "tokenizer.json"))) ?? baseDir;
        if (format == "gguf-lora")
        {
            if (adapters.Count != 1) throw new ArgumentException($"--export_format gguf-lora exports one LoRA adapter; {adapters.Count} given in --adapter_name_or_path");
            string file = $"adapter-{quantization.Name}.gguf";
            GgufLoraWriter.Write(Path.Combine(dir, file), adapters[0], ModelConfigParser.Load(baseDir), quantization, cancellation);
            Done(file);
            return Result(format, dir, written);
        }
        using var merged = LoadMerged(baseDir, adapters);
        if (format == "gguf")
        {
            string file = $"model-{quantization.Name}.gguf";
            var vocab = GgufVocabulary.Load(tokenizerDir, merged.config.VocabSize, merged.config);
            using var scope = NewDisposeScope();
            var weights = merged.state_dict().Where(kv => PeftModel.IsBaseParameter(kv.Key)).ToList();
            GgufModelWriter.Write(Path.Combine(dir, file), merged.config, weights, vocab, quantization, Path.GetFileName(Path.GetFullPath(baseDir).TrimEnd('/')), cancellation);
            Done(file);
            AtomicFile.WriteAllText(Path.Combine(dir, "Modelfile"), OllamaModelfile.For(file, vocab));
            Done("Modelfile");
            return Result(format, dir, written);
        }
        var saveDtype = dtype ?? TorchDevice.ParseDType(ModelConfigParser.Load(baseDir).TorchDtype) ?? ScalarType.Float32;
        ModelLoader.Save(merged, dir, saveDtype, PeftModel.IsBaseParameter, (long)(export.ExportSize * 1e9), Done);
        Copy(baseDir, dir, "generation_config.json", Done);
        foreach (var f in TokenizerFiles) Copy(tokenizerDir, dir, f, Done);
        return Result(format, dir, written);
    }

    /// <summary>Prompt tuning, prefix tuning and bottleneck adapters change no existing weight, so there is nothing to fold in.</summary>
    static void RefuseUnmergeable(string adapterDir, string format)
    {
        var c = AdapterConfig.Load(adapterDir);
        if (c.PeftType == AdapterConfig.Lora) return;
        string what = c.PeftType switch
        {
            AdapterConfig.PromptTuning => "prompt tuning adds learned virtual tokens in front of the input",
            AdapterConfig.PrefixTuning => "prefix tuning adds learned key / value prefixes to every attention layer",
            _ => "a bottleneck adapter adds new layers to every block",
        };
        throw new NotSupportedException($"{adapterDir}: a {c.PeftType} adapter cannot be merged into the base weights ({what}, changing no existing weight), so it cannot be exported as {format}; serve the adapter folder as it is (--adapter_name_or_path {adapterDir})");
    }

    static void CheckTarget(string dir, bool overwrite)
    {
        if (File.Exists(dir)) throw new IOException($"--export_dir {dir} is a file, not a folder");
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any() && !overwrite)
            throw new IOException($"--export_dir {dir} already holds files; pass --overwrite_output_dir true to write into it");
    }

    /// <summary>The base with every adapter folded in, in float32 (merging in full precision; the save casts).</summary>
    static LlamaForCausalLM LoadMerged(string baseDir, IReadOnlyList<string> adapters)
    {
        if (adapters.Count == 0) return ModelLoader.Load(baseDir, ScalarType.Float32);
        var peft = PeftBuilder.Build(baseDir, new FinetuningOptions(), adapters, ScalarType.Float32);
        peft.Merge();
        return peft.base_model;
    }

    static void Copy(string from, string to, string name, Action<string> done)
    {
        string src = Path.Combine(from, name);
        if (!File.Exists(src)) return;
        AtomicFile.Write(Path.Combine(to, name), s => { using var f = File.OpenRead(src); f.CopyTo(s); });
        done(name);
    }

    static ExportResult Result(string format, string dir, List<string> written) =>
        new(format, dir, written.Distinct().Select(f => new ExportedFile(f, new FileInfo(Path.Combine(dir, f)).Length)).ToList());
}
