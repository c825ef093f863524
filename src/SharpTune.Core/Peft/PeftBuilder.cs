// The one entry point that builds a model for a fine-tuning method, as LLaMA-Factory's model/adapter.py
// init_adapter + PEFT's get_peft_model / PeftModel.from_pretrained: base weights load unchanged, the method's
// modules are chosen while the model is built, earlier adapters of a list are merged into the base and the last
// one is loaded (trainable); a new adapter starts as the identity (LoRA B = 0, adapter up-projection = 0).
using SharpTune.Core.Checkpoints;
using SharpTune.Core.Modeling;
using SharpTune.Core.Native;
using SharpTune.Core.Peft.Freeze;
using SharpTune.Core.Peft.Lora;
using SharpTune.Core.Peft.PrefixTuning;
using SharpTune.Core.Peft.PromptTuning;
using TorchSharp;
using static TorchSharp.torch;

namespace SharpTune.Core.Peft;

public static class PeftBuilder
{
    /// <summary>
    /// Loads the base model in <paramref name="baseDir"/> and sets it up for <paramref name="options"/>. With
    /// <paramref name="adapterPaths"/>, all but the last are merged into the base (they must be LoRA); the last is loaded
    /// and decides the method (its peft_type), except under full / freeze tuning or with create_new_adapter, where every
    /// adapter is merged (and a new one is created from <paramref name="options"/>).
    /// <paramref name="baseTokenize"/> (the base tokenizer) serves prompt_tuning_init_text and resize_vocab's row
    /// initialisation, with <paramref name="tokenText"/> giving the text of each new token id.
    /// </summary>
    public static PeftModel Build(string baseDir, FinetuningOptions options, IReadOnlyList<string>? adapterPaths = null,
        ScalarType? dtype = null, Func<string, int[]>? baseTokenize = null, Func<int, string?>? tokenText = null, Device? device = null)
    {
        LibTorchRuntime.EnsureLoaded();
        options.Validate();
        var baseConfig = ModelConfigParser.Load(baseDir);
        return Build(baseConfig, baseDir, options, adapterPaths ?? [], dtype, baseTokenize, tokenText,
            factory => ModelLoader.Load(baseDir, dtype, factory, n => !PeftModel.IsBaseParameter(n), device));
    }

    /// <summary>
    /// LLaMA-Factory's train_from_scratch: the architecture of <paramref name="baseDir"/>'s config.json with fresh
    /// weights (<see cref="WeightInit.init_weights"/>, seeded with the options' seed); no weights file is read.
    /// </summary>
    public static PeftModel BuildFromScratch(string baseDir, FinetuningOptions options, ScalarType dtype, Device? device = null)
    {
        LibTorchRuntime.EnsureLoaded();
        options.Validate();
        var config = ModelConfigParser.Load(baseDir);
        return Build(config, baseDir, options, [], dtype, null, null, factory =>
        {
            var model = new LlamaForCausalLM(config, dtype, factory);
            WeightInit.init_weights(model, options.Seed, PeftModel.IsBaseParameter);
            if (device is not null && device.type != DeviceType.CPU) model.to(device);
            return model;
        });
    }

    /// <summary>A randomly initialised base of <paramref name="config"/> set up for <paramref name="options"/> (sizing, reports, tests).</summary>
    public static PeftModel Build(ModelConfig config, FinetuningOptions options, ScalarType dtype = ScalarType.Float32)
    {
        LibTorchRuntime.EnsureLoaded();
        options.Validate();
        return Build(config, "", options, [], dtype, null, null, factory => new LlamaForCausalLM(config, dtype, factory));
    }

    static PeftModel Build(ModelConfig baseConfig, string baseDir, FinetuningOptions options, IReadOnlyList<string> adapterPaths,
        ScalarType? dtype, Func<string, int[]>? baseTokenize, Func<int, string?>? tokenText, Func<ILayerFactory, LlamaForCausalLM> load)
    {
        var configs = adapterPaths.Select(AdapterConfig.Load).ToList();
        bool mergeAll = options.FinetuningType is "full" or "freeze" || options.CreateNewAdapter;
        var toMerge = mergeAll ? adapterPaths.ToList() : adapterPaths.SkipLast(1).ToList();
        string? resumeDir = mergeAll || adapterPaths.Count == 0 ? null : adapterPaths[^1];
        var active = resumeDir is not null ? configs[^1] : AdapterConfigFromOptions.Create(options, baseConfig, baseDir);
        string method = active is null ? options.FinetuningType : AdapterConfigFromOptions.MethodOf(active.PeftType);

        var factory = new PeftLayerFactory(active, AdapterDType(dtype ?? TorchDevice.ParseDType(baseConfig.TorchDtype)));
        if (resumeDir is null) manual_seed(options.Seed);                                   // LoRA A / adapter init
        var model = load(factory);
        factory.CheckTargetsFound();

        bool grew = false;
        int vocab = options.ResizeVocab ?? adapterPaths.Select(SavedVocab).FirstOrDefault(v => v > 0, model.config.VocabSize);
        if (vocab != model.config.VocabSize)
        {
            grew = vocab > model.config.VocabSize;
            VocabResizer.Resize(model, vocab, tokenText, baseTokenize, options.Seed);
            if (grew && active is not null && resumeDir is null)
                active = active with { ModulesToSave = active.ModulesToSave.Union(VocabModules(model)).ToList() };
        }
        foreach (var dir in toMerge) LoraFileMerge.MergeInto(model, dir);

        var prompt = CreatePromptEncoder(active, model, resumeDir is null, options, baseTokenize);
        var device = model.model.embed_tokens.weight!.device;
        if (prompt is not null && device.type != DeviceType.CPU) prompt.to(device);
        var peft = new PeftModel(model, prompt, method, active, factory.LoraLayers, factory.Adapters);
        if (resumeDir is not null) AdapterStateDict.Load(peft, resumeDir);
        else foreach (var l in factory.LoraLayers.Values) l.init_magnitude();
        SetTrainable(peft, options, grew);
        peft.eval();
        return peft;
    }

    /// <summary>Adapters train in float32 (float64 when the base is float64) while a frozen base may be bf16 / fp16.</summary>
    static ScalarType AdapterDType(ScalarType? baseDtype) => baseDtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;

    static IReadOnlyList<string> VocabModules(LlamaForCausalLM m) => m.lm_head is null ? ["embed_tokens"] : ["embed_tokens", "lm_head"];

    /// <summary>Rows of embed_tokens saved with an adapter (modules_to_save after a vocabulary resize), or 0.</summary>
    static int SavedVocab(string dir)
    {
        string file = Path.Combine(dir, AdapterStateDict.WeightsFile);
        if (!File.Exists(file)) return 0;
        using var r = SafetensorsReader.Open(file);
        const string key = AdapterStateDict.Prefix + "model.embed_tokens.weight";
        return r.Contains(key) ? (int)r.Entry(key).Shape[0] : 0;
    }

    static nn.Module? CreatePromptEncoder(AdapterConfig? a, LlamaForCausalLM model, bool fresh, FinetuningOptions o, Func<string, int[]>? baseTokenize)
    {
        if (a is null || !a.IsPromptLearning) return null;
        var c = model.config;
        using var gen = new Generator((ulong)o.Seed);
        if (a.PeftType == AdapterConfig.PromptTuning)
        {
            var p = new PromptEmbedding(a.NumVirtualTokens, c.HiddenSize, ScalarType.Float32);
            if (!fresh) return p;
            using (no_grad()) p.embedding.weight!.normal_(0, 1, gen);                        // nn.Embedding's N(0, 1)
            if (a.PromptTuningInitText is { } text)
            {
                if (baseTokenize is null) throw new ArgumentException("prompt_tuning_init_text needs the base tokenizer (baseTokenize)");
                p.init_from_tokens(model.model.embed_tokens.weight!, baseTokenize(text));
            }
            return p;
        }
        var prefix = new PrefixEncoder(a.NumVirtualTokens, c.NumHiddenLayers, c.NumKeyValueHeads, c.HeadDim,
            fresh && a.PrefixProjection, Math.Max(1, a.EncoderHiddenSize), ScalarType.Float32);
        if (fresh) using (no_grad()) prefix.embedding.weight!.normal_(0, 1, gen);
        return prefix;
    }

    /// <summary>requires_grad per method; a grown vocabulary makes embed_tokens and lm_head train under freeze too.</summary>
    static void SetTrainable(PeftModel peft, FinetuningOptions o, bool vocabGrew)
    {
        foreach (var (_, p) in peft.named_parameters()) p.requires_grad = false;
        switch (peft.Method)
        {
            case "full": TrainableSelection.Full(peft.base_model); break;
            case "freeze":
                TrainableSelection.Freeze(peft.base_model, o);
                if (vocabGrew) foreach (var (_, p) in AdapterStateDict.ModulesToSave(peft.base_model, VocabModules(peft.base_model))) p.requires_grad = true;
                break;
            default:
                foreach (var t in AdapterStateDict.Live(peft).Values) t.requires_grad = true;
                if (peft.prompt_encoder is { } pe) foreach (var p in pe.parameters()) p.requires_grad = true;
                break;
        }
    }
}
