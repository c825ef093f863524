// Saving, merging and unmerging, as Hugging Face PEFT's save_pretrained (adapter_config.json +
// adapter_model.safetensors, written atomically) and LoraModel.merge_and_unload.
using SharpTune.Core.Checkpoints;
using static TorchSharp.torch;
using SharpTune.Text.IO;

namespace SharpTune.Core.Peft;

public sealed partial class PeftModel
{
    /// <summary>
    /// Saves what was trained: the adapter (adapter_config.json + adapter_model.safetensors with PEFT's keys) for
    /// lora / prompt_tuning / prefix_tuning / adapter, the whole model as a Hugging Face folder for full / freeze.
    /// </summary>
    public void Save(string dir)
    {
        if (adapter_disabled) throw new InvalidOperationException("the adapter is disabled; save it after the DisableAdapter() scope ends");
        if (Adapter is null)
        {
            ModelLoader.Save(base_model, dir, include: IsBaseParameter);
            return;
        }
        Directory.CreateDirectory(dir);
        using var scope = NewDisposeScope();
        var tensors = AdapterStateDict.ToSave(this);
        SafetensorsWriter.Write(Path.Combine(dir, AdapterStateDict.WeightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        AtomicFile.WriteAllText(Path.Combine(dir, AdapterStateDict.ConfigFile), Adapter.ToJson());
    }

    /// <summary>Folds LoRA / DoRA into the base weights (forward output unchanged). Other adapters cannot be merged.</summary>
    public void Merge()
    {
        if (Adapter is null) return;
        if (Adapter.PeftType != AdapterConfig.Lora)
            throw new NotSupportedException($"a {Adapter.PeftType} adapter cannot be merged into the base weights (only LoRA / DoRA can)");
        foreach (var l in LoraLayers.Values) l.merge();
    }

    /// <summary>Undoes <see cref="Merge"/>.</summary>
    public void Unmerge()
    {
        foreach (var l in LoraLayers.Values) l.unmerge();
    }

    /// <summary>Merges the adapter and saves the result as a plain Hugging Face model folder (config.json with the current vocab size).</summary>
    public void SaveMerged(string dir, ScalarType? dtype = null)
    {
        Merge();
        ModelLoader.Save(base_model, dir, dtype, include: IsBaseParameter);
    }

    /// <summary>True for parameters of the base architecture (not LoRA or bottleneck-adapter weights).</summary>
    public static bool IsBaseParameter(string name) =>
        !name.Contains(".lora_", StringComparison.Ordinal)
        && !name.Contains(".adapter_attn.", StringComparison.Ordinal)
        && !name.Contains(".adapter_mlp.", StringComparison.Ordinal);
}
