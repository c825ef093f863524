// The tensors of an adapter file with PEFT's key names (utils/save_and_load.py get_peft_model_state_dict /
// set_peft_model_state_dict): "base_model.model." + the module path for LoRA (lora_A.weight, lora_B.weight,
// lora_magnitude_vector), bottleneck adapters and modules_to_save; "prompt_embeddings" for prompt / prefix tuning.
using SharpTune.Core.Checkpoints;
using SharpTune.Core.Modeling;
using SharpTune.Core.Peft.PrefixTuning;
using SharpTune.Core.Peft.PromptTuning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpTune.Core.Peft;

internal static class AdapterStateDict
{
    public const string Prefix = "base_model.model.";
    public const string WeightsFile = "adapter_model.safetensors";
    public const string ConfigFile = "adapter_config.json";
    public const string PromptEmbeddings = "prompt_embeddings";

    /// <summary>Parameters of the base model belonging to <paramref name="modules"/> (PEFT modules_to_save matching: path == m or ends with ".m").</summary>
    public static List<(string name, Parameter p)> ModulesToSave(LlamaForCausalLM model, IReadOnlyList<string> modules)
    {
        var all = model.named_parameters().ToList();
        var result = new List<(string, Parameter)>();
        foreach (var m in modules)
        {
            var hits = all.Where(p => ModulePath(p.name) is var path && (path == m || path.EndsWith("." + m, StringComparison.Ordinal))).ToList();
            if (hits.Count == 0) throw new ArgumentException($"modules_to_save / additional_target '{m}' is not a module of the model");
            result.AddRange(hits);
        }
        return result;
    }

    static string ModulePath(string parameterName) => parameterName[..Math.Max(0, parameterName.LastIndexOf('.'))];

    /// <summary>Live tensors of the adapter by saved key (prompt embeddings of a projected prefix are computed, not live).</summary>
    public static Dictionary<string, Tensor> Live(PeftModel m)
    {
        var d = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (path, l) in m.LoraLayers)
        {
            d[$"{Prefix}{path}.lora_A.weight"] = l.lora_A.weight!;
            d[$"{Prefix}{path}.lora_B.weight"] = l.lora_B.weight!;
            if (l.lora_magnitude_vector is { } mag) d[$"{Prefix}{path}.lora_magnitude_vector"] = mag;
        }
        foreach (var (path, a) in m.Adapters)
            foreach (var (name, p) in a.named_parameters()) d[$"{Prefix}{path}.{name}"] = p;
        if (m.Adapter is { } cfg)
            foreach (var (name, p) in ModulesToSave(m.base_model, cfg.ModulesToSave)) d[Prefix + name] = p;
        switch (m.prompt_encoder)
        {
            case PromptEmbedding pe: d[PromptEmbeddings] = pe.embedding.weight!; break;
            case PrefixEncoder { transform: null } pf: d[PromptEmbeddings] = pf.embedding.weight!; break;
        }
        return d;
    }

    /// <summary>The tensors to save (detached copies; a projected prefix folded into plain embeddings).</summary>
    public static List<KeyValuePair<string, Tensor>> ToSave(PeftModel m)
    {
        var live = Live(m).Select(kv => KeyValuePair.Create(kv.Key, kv.Value.detach())).ToList();
        if (m.prompt_encoder is PrefixEncoder { transform: not null } pf)
            using (no_grad()) live.Add(KeyValuePair.Create(PromptEmbeddings, pf.prompt_embeddings().detach()));
        return live;
    }

    /// <summary>Copies an adapter file's tensors into the model; every key must exist with the same shape, and none may be missing.</summary>
    public static void Load(PeftModel m, string dir)
    {
        string file = Path.Combine(dir, WeightsFile);
        using var reader = SafetensorsReader.Open(file);
        var live = Live(m);
        foreach (var name in reader.Names)
            if (!live.ContainsKey(name))
                throw new SafetensorsFormatException($"{file}: tensor '{name}' does not belong to this model ({Explain(name)})");
        using var _ = no_grad();
        foreach (var (name, p) in live)
        {
            if (!reader.Contains(name)) throw new SafetensorsFormatException($"{file}: adapter is missing tensor '{name}'");
            CopyChecked(reader, name, p);
        }
    }

    /// <summary>Copies tensor <paramref name="key"/> of the file into <paramref name="target"/> after checking its shape (call under no_grad).</summary>
    public static void CopyChecked(SafetensorsReader reader, string key, Tensor target)
    {
        var e = reader.Entry(key);
        if (!e.Shape.SequenceEqual(target.shape))
            throw new SafetensorsFormatException($"{reader.Path}: tensor '{key}' has shape [{string.Join(", ", e.Shape)}] but the model expects [{string.Join(", ", target.shape)}]");
        using var t = reader.Read(key, target.dtype);
        target.copy_(t);
    }

    static string Explain(string name) =>
        name.Contains(".lora_", StringComparison.Ordinal) ? "its target module is not a LoRA target of this model or not in the base model"
        : name.StartsWith(Prefix, StringComparison.Ordinal) ? "no such module in the base model, or not listed in modules_to_save"
        : "unknown key";
}
