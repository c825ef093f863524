// A base model with several PEFT LoRA adapter folders loaded onto it at once (vLLM's --lora-modules, PEFT's
// load_adapter for several names plus set_adapter per row): the base weights load unchanged, every linear that
// any adapter targets becomes a MultiLoraLinear, and each adapter's lora_A / lora_B tensors (PEFT key names,
// "base_model.model.<path>.lora_A.weight") are copied into its slot. Rows choose their adapter through Routing.
using SharpTune.Core.Checkpoints;
using SharpTune.Core.Modeling;
using SharpTune.Core.Native;
using static TorchSharp.torch;

namespace SharpTune.Core.Peft.Lora;

public sealed class MultiLoraModel : ICausalLM, IDisposable
{
    public LlamaForCausalLM base_model { get; }
    public LoraRouting Routing { get; }
    /// <summary>The adapters' names, in index order (index i is row adapter i).</summary>
    public IReadOnlyList<string> AdapterNames { get; }
    /// <summary>The multi-adapter layers by HF module path.</summary>
    public IReadOnlyDictionary<string, MultiLoraLinear> Layers { get; }

    MultiLoraModel(LlamaForCausalLM model, LoraRouting routing, IReadOnlyList<string> names, IReadOnlyDictionary<string, MultiLoraLinear> layers)
    {
        base_model = model; Routing = routing; AdapterNames = names; Layers = layers;
    }

    /// <summary>Loads <paramref name="baseDir"/> and the LoRA adapters <paramref name="adapters"/> (name, folder) onto it.</summary>
    public static MultiLoraModel Load(string baseDir, IReadOnlyList<(string name, string dir)> adapters, ScalarType? dtype = null, Device? device = null)
    {
        LibTorchRuntime.EnsureLoaded();
        var configs = adapters.Select(a => CheckServable(a.dir, AdapterConfig.Load(a.dir))).ToList();
        var routing = new LoraRouting();
        var layers = new Dictionary<string, MultiLoraLinear>(StringComparer.Ordinal);
        var model = ModelLoader.Load(baseDir, dtype, new Factory(configs, routing, layers), device: device);
        for (int i = 0; i < adapters.Count; i++) LoadAdapter(layers, i, adapters[i].dir, configs[i]);
        return new MultiLoraModel(model, routing, adapters.Select(a => a.name).ToList(), layers);
    }

    /// <summary>The adapter index of <paramref name="name"/>, or null when no adapter has that name.</summary>
    public int? IndexOf(string name)
    {
        for (int i = 0; i < AdapterNames.Count; i++) if (AdapterNames[i] == name) return i;
        return null;
    }

    static AdapterConfig CheckServable(string dir, AdapterConfig c)
    {
        if (c.PeftType != AdapterConfig.Lora)
            throw new NotSupportedException($"{dir}: a {c.PeftType} adapter cannot be served next to others; only LORA adapters can share a base");
        if (c.UseDora) throw new NotSupportedException($"{dir}: DoRA adapters (use_dora) cannot share a batch; merge it into a model folder and serve that");
        if (c.ModulesToSave.Count > 0)
            throw new NotSupportedException($"{dir}: modules_to_save ({string.Join(", ", c.ModulesToSave)}) replaces base weights and cannot be served next to other adapters");
        return c;
    }

    static void LoadAdapter(Dictionary<string, MultiLoraLinear> layers, int index, string dir, AdapterConfig c)
    {
        string file = Path.Combine(dir, AdapterStateDict.WeightsFile);
        using var reader = SafetensorsReader.Open(file);
        using var scope = NewDisposeScope();
        foreach (var key in reader.Names)
        {
            const string suffixA = ".lora_A.weight", suffixB = ".lora_B.weight";
            if (key.EndsWith(suffixB, StringComparison.Ordinal)) continue;                       // read with lora_A
            if (!key.StartsWith(AdapterStateDict.Prefix, StringComparison.Ordinal) || !key.EndsWith(suffixA, StringComparison.Ordinal))
                throw new SafetensorsFormatException($"{file}: tensor '{key}' is not a LoRA weight ('{AdapterStateDict.Prefix}<module>.lora_A.weight' / '.lora_B.weight')");
            string path = key[AdapterStateDict.Prefix.Length..^suffixA.Length];
            if (!layers.TryGetValue(path, out var layer))
                throw new SafetensorsFormatException($"{file}: tensor '{key}' targets '{path}', which is not a linear layer named by the adapter's target_modules");
            string keyB = AdapterStateDict.Prefix + path + suffixB;
            if (!reader.Contains(keyB)) throw new SafetensorsFormatException($"{file}: tensor '{key}' has no matching '{keyB}'");
            var A = reader.Read(key);
            var B = reader.Read(keyB);
            if (A.dim() != 2 || B.dim() != 2 || A.shape[1] != layer.in_features || B.shape[0] != layer.out_features || A.shape[0] != B.shape[1])
                throw new SafetensorsFormatException(
                    $"{file}: LoRA tensors of '{path}' have shapes A [{string.Join(", ", A.shape)}], B [{string.Join(", ", B.shape)}], which do not fit the base weight [{layer.out_features}, {layer.in_features}]");
            layer.SetAdapter(index, A, B, c.Scaling);
        }
    }

    public ModelConfig config => base_model.config;
    public CausalLMOutput forward(CausalLMInputs inputs) => base_model.forward(inputs);
    public KvCache create_cache(long batch, long capacity) => base_model.create_cache(batch, capacity);
    public Device device => base_model.model.embed_tokens.weight!.device;

    public void Dispose()
    {
        base_model.Dispose();
        Routing.Dispose();
    }

    sealed class Factory(IReadOnlyList<AdapterConfig> configs, LoraRouting routing, Dictionary<string, MultiLoraLinear> layers) : ILayerFactory
    {
        public nn.Module<Tensor, Tensor> Linear(string path, long in_features, long out_features, bool bias, ScalarType dtype)
        {
            if (!configs.Any(c => PeftLayerFactory.IsTarget(c, path))) return nn.Linear(in_features, out_features, hasBias: bias, dtype: dtype);
            var layer = new MultiLoraLinear(in_features, out_features, bias, dtype, routing);
            layers[path] = layer;
            return layer;
        }
    }
}
