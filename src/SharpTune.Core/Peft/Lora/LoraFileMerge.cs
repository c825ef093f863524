// Merges a saved LoRA / DoRA adapter straight into a model's base weights (W ← W + s·BA, or DoRA's
// m·(W + s·BA)/‖W + s·BA‖), as PEFT's merge_and_unload would, without building LoRA layers for it: used for
// every adapter of a comma-separated list except the last (LLaMA-Factory's init_adapter). modules_to_save
// tensors replace the base tensors.
using SharpTune.Core.Checkpoints;
using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Core.Peft.Lora;

public static class LoraFileMerge
{
    const string Prefix = "base_model.model.";

    /// <summary>Folds the adapter in <paramref name="dir"/> into <paramref name="model"/>'s weights.</summary>
    public static void MergeInto(LlamaForCausalLM model, string dir)
    {
        var config = AdapterConfig.Load(dir);
        if (config.PeftType != AdapterConfig.Lora)
            throw new NotSupportedException($"{dir}: a {config.PeftType} adapter cannot be merged into the base weights; only the last adapter of the list may be of this type");
        string file = Path.Combine(dir, "adapter_model.safetensors");
        using var reader = SafetensorsReader.Open(file);
        var state = model.state_dict();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var key in reader.Names.Order(StringComparer.Ordinal))
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal))
                throw new SafetensorsFormatException($"{file}: tensor '{key}' does not start with '{Prefix}'");
            string name = key[Prefix.Length..];
            if (name.EndsWith(".lora_A.weight", StringComparison.Ordinal))
                MergeLayer(state, reader, file, name[..^".lora_A.weight".Length], config.Scaling);
            else if (name.EndsWith(".lora_B.weight", StringComparison.Ordinal) || name.EndsWith(".lora_magnitude_vector", StringComparison.Ordinal))
                continue;                                                                       // read with lora_A
            else Copy(state, reader, file, key, name);                                         // modules_to_save
        }
    }

    static void MergeLayer(Dictionary<string, Tensor> state, SafetensorsReader reader, string file, string path, double scaling)
    {
        if (!state.TryGetValue(path + ".weight", out var w))
            throw new SafetensorsFormatException($"{file}: LoRA target module '{path}' is not in the base model");
        string keyB = $"{Prefix}{path}.lora_B.weight", keyM = $"{Prefix}{path}.lora_magnitude_vector";
        if (!reader.Contains(keyB)) throw new SafetensorsFormatException($"{file}: tensor '{Prefix}{path}.lora_A.weight' has no matching '{keyB}'");
        var A = reader.Read($"{Prefix}{path}.lora_A.weight", ScalarType.Float32);                // (r, in)
        var B = reader.Read(keyB, ScalarType.Float32);                                           // (out, r)
        if (A.dim() != 2 || B.dim() != 2 || A.shape[1] != w.shape[1] || B.shape[0] != w.shape[0] || A.shape[0] != B.shape[1])
            throw new SafetensorsFormatException(
                $"{file}: LoRA tensors of '{path}' have shapes A [{string.Join(", ", A.shape)}], B [{string.Join(", ", B.shape)}], which do not fit the base weight [{string.Join(", ", w.shape)}]");
        var combined = w.to_type(ScalarType.Float32) + matmul(B, A) * scaling;                  // (out, in)
        if (reader.Contains(keyM))
        {
            var m = reader.Read(keyM, ScalarType.Float32);                                       // (out)
            if (m.shape.Length != 1 || m.shape[0] != w.shape[0])
                throw new SafetensorsFormatException($"{file}: tensor '{keyM}' has shape [{string.Join(", ", m.shape)}] but the model expects [{w.shape[0]}]");
            combined = combined * (m / combined.norm(1, false, 2)).view(-1, 1);
        }
        w.copy_(combined.to_type(w.dtype));
    }

    static void Copy(Dictionary<string, Tensor> state, SafetensorsReader reader, string file, string key, string name)
    {
        if (!state.TryGetValue(name, out var p))
            throw new SafetensorsFormatException($"{file}: tensor '{key}' does not belong to this model (no module '{name}')");
        AdapterStateDict.CopyChecked(reader, key, p);
    }
}
