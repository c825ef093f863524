using SharpTune.Core.Modeling;
using SharpTune.Core.Native;
using TorchSharp;
using static TorchSharp.torch;
using SharpTune.Text.IO;

namespace SharpTune.Core.Checkpoints;

/// <summary>Loads and saves Hugging Face model folders (config.json + safetensors) as <see cref="LlamaForCausalLM"/>.</summary>
public static class ModelLoader
{
    /// <summary>
    /// Builds the model from <paramref name="dir"/>'s config and copies in its weights. dtype null keeps the
    /// checkpoint's dtype. Parameters for which <paramref name="mayBeMissing"/> is true (adapter weights the
    /// factory created) may be absent from the checkpoint; any other missing tensor or shape mismatch is an error.
    /// </summary>
    public static LlamaForCausalLM Load(string dir, ScalarType? dtype = null, ILayerFactory? factory = null,
        Func<string, bool>? mayBeMissing = null, Device? device = null)
    {
        LibTorchRuntime.EnsureLoaded();
        var config = ModelConfigParser.Load(dir);
        using var store = CheckpointStore.Open(dir);
        var target = dtype ?? CheckpointDType(store, config);
        var model = new LlamaForCausalLM(config, target, factory);
        LoadWeights(model, store, mayBeMissing);
        if (device is not null && device.type != DeviceType.CPU) model.to(device);
        model.eval();
        return model;
    }

    /// <summary>Copies tensors of <paramref name="store"/> into the model's parameters, checking names and shapes.</summary>
    public static void LoadWeights(nn.Module model, CheckpointStore store, Func<string, bool>? mayBeMissing = null)
    {
        var state = model.state_dict();
        bool tied = model is LlamaForCausalLM { lm_head: null };
        foreach (var name in store.Names)
        {
            if (state.ContainsKey(name) || name.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal)) continue;
            if (tied && name == "lm_head.weight") continue;
            throw new SafetensorsFormatException($"{store.Directory}: tensor '{name}' does not belong to this model (check config.json's model_type and sizes)");
        }
        using var _ = no_grad();
        foreach (var (name, p) in state)
        {
            if (!store.Contains(name))
            {
                if (mayBeMissing?.Invoke(name) == true) continue;
                throw new SafetensorsFormatException($"{store.Directory}: checkpoint is missing tensor '{name}'");
            }
            var e = store.Entry(name);
            if (!e.Shape.SequenceEqual(p.shape))
                throw new SafetensorsFormatException($"{store.Directory}: tensor '{name}' has shape [{string.Join(", ", e.Shape)}] but the model expects [{string.Join(", ", p.shape)}]");
            using var t = store.Read(name, p.dtype);
            p.copy_(t);
        }
    }

    static ScalarType CheckpointDType(CheckpointStore store, ModelConfig config)
    {
        const string key = "model.embed_tokens.weight";
        if (store.Contains(key)) return SafetensorsDType.ToScalarType(store.Entry(key).DType);
        return TorchDevice.ParseDType(config.TorchDtype) ?? ScalarType.Float32;
    }

    /// <summary>
    /// Saves config.json and the weights (tied lm_head excluded) to <paramref name="dir"/>; with dtype the weights are cast.
    /// <paramref name="include"/> filters parameter names (e.g. to leave adapter weights out of a base checkpoint);
    /// <paramref name="written"/> hears each file once it is complete.
    /// </summary>
    public static void Save(LlamaForCausalLM model, string dir, ScalarType? dtype = null, Func<string, bool>? include = null, long maxShardBytes = 5L << 30,
        Action<string>? written = null)
    {
        Directory.CreateDirectory(dir);
        using var scope = NewDisposeScope();
        var tensors = model.state_dict()
            .Where(kv => include?.Invoke(kv.Key) ?? true)
            .Select(kv => KeyValuePair.Create(kv.Key, dtype is { } d ? kv.Value.detach().to_type(d) : kv.Value.detach()))
            .ToList();
        var saveDtype = dtype ?? model.model.embed_tokens.weight!.dtype;
        var config = model.config with { TorchDtype = TorchDevice.HfName(saveDtype) };
        CheckpointStore.Save(dir, tensors, maxShardBytes, written);
        AtomicFile.WriteAllText(Path.Combine(dir, "config.json"), config.ToJson().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        written?.Invoke("config.json");
    }
}
