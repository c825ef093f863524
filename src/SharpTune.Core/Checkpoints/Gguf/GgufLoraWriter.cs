using SharpTune.Core.Peft;
using static TorchSharp.torch;

namespace SharpTune.Core.Checkpoints.Gguf;

/// <summary>
/// A PEFT LoRA adapter as a llama.cpp GGUF LoRA (convert_lora_to_gguf.py): <c>general.type=adapter</c>,
/// <c>adapter.type=lora</c>, <c>adapter.lora.alpha</c>, and per target <c>blk.N.attn_q.weight.lora_a</c> (r, in) /
/// <c>.lora_b</c> (out, r), with the base's q/k row permutation applied to lora_b (ΔW = B·A, so permuting ΔW's rows
/// permutes B's). llama.cpp scales by alpha / r; rsLoRA's α/√r is written as the alpha that gives the same scale.
/// DoRA and full-tensor modules (modules_to_save) have no GGUF LoRA form and are refused, as llama.cpp does.
/// </summary>
public static class GgufLoraWriter
{
    public static void Write(string path, string adapterDir, ModelConfig baseConfig, GgufQuantization quantization, CancellationToken cancellation = default)
    {
        var config = AdapterConfig.Load(adapterDir);
        if (config.PeftType != AdapterConfig.Lora)
            throw new NotSupportedException($"{adapterDir}: a {config.PeftType} adapter has no GGUF LoRA form; only LoRA on linear layers does");
        if (config.UseDora)
            throw new NotSupportedException($"{adapterDir}: DoRA's magnitude vectors have no GGUF LoRA form; export a merged GGUF (--export_format gguf) instead");
        if (config.ModulesToSave.Count > 0)
            throw new NotSupportedException($"{adapterDir}: the adapter trains full tensors ({string.Join(", ", config.ModulesToSave)}, e.g. after a vocabulary resize), which llama.cpp's LoRA cannot carry; export a merged GGUF (--export_format gguf) instead");
        string file = Path.Combine(adapterDir, AdapterStateDict.WeightsFile);
        using var reader = SafetensorsReader.Open(file);
        var w = new GgufWriter();
        string a = GgufNames.Architecture(baseConfig);
        w.Add("general.architecture", GgufValue.Of(a));
        w.Add("general.type", GgufValue.Of("adapter"));
        w.Add("general.name", GgufValue.Of(Path.GetFileName(Path.GetFullPath(adapterDir).TrimEnd('/'))));
        w.Add(GgufWriter.AlignmentKey, GgufValue.Of(32u));
        w.Add("adapter.type", GgufValue.Of("lora"));
        w.Add("adapter.lora.alpha", GgufValue.Of((float)(config.Scaling * config.R)));
        w.Add("general.file_type", GgufValue.Of(quantization.FileType));
        if (quantization.Quantized) w.Add("general.quantization_version", GgufValue.Of(2u));
        foreach (var key in reader.Names.Order(StringComparer.Ordinal))
        {
            if (!key.StartsWith(AdapterStateDict.Prefix, StringComparison.Ordinal) || !key.EndsWith(".lora_A.weight", StringComparison.Ordinal))
            {
                if (key.EndsWith(".lora_B.weight", StringComparison.Ordinal)) continue;
                throw new SafetensorsFormatException($"{file}: tensor '{key}' is not a LoRA A / B matrix of a linear layer");
            }
            string module = key[AdapterStateDict.Prefix.Length..^".lora_A.weight".Length];
            string keyB = $"{AdapterStateDict.Prefix}{module}.lora_B.weight";
            if (!reader.Contains(keyB)) throw new SafetensorsFormatException($"{file}: tensor '{key}' has no matching '{keyB}'");
            string target = GgufNames.Module(module) ?? throw new NotSupportedException($"{file}: LoRA target '{module}' has no llama.cpp tensor");
            var shapeA = reader.Entry(key).Shape;
            var shapeB = reader.Entry(keyB).Shape;
            if (shapeA.Length != 2 || shapeB.Length != 2 || shapeA[0] != shapeB[1])
                throw new SafetensorsFormatException($"{file}: '{module}' has LoRA shapes A [{string.Join(", ", shapeA)}], B [{string.Join(", ", shapeB)}]; expected A (r, in) and B (out, r)");
            int? heads = GgufNames.PermuteHeads(module + ".weight", baseConfig);
            w.AddTensor($"{target}.weight.lora_a", shapeA, quantization.TypeFor(shapeA), () => EncodeFrom(reader, key, null, quantization.TypeFor(shapeA)));
            w.AddTensor($"{target}.weight.lora_b", shapeB, quantization.TypeFor(shapeB), () => EncodeFrom(reader, keyB, heads, quantization.TypeFor(shapeB)));
        }
        w.Write(path, cancellation);
    }

    static byte[] EncodeFrom(SafetensorsReader reader, string key, int? heads, GgufTensorType type)
    {
        using var t = reader.Read(key, ScalarType.Float32);
        return GgufModelWriter.Encode(t, heads, type);
    }
}
