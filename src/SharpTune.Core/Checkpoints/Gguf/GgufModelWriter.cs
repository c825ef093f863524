using static TorchSharp.torch;

namespace SharpTune.Core.Checkpoints.Gguf;

/// <summary>
/// A Llama / Mistral / Qwen2 model as a GGUF v3 file for llama.cpp: the metadata keys of convert_hf_to_gguf (integers as
/// uint32, as gguf-py writes them), the tokenizer, and the weights renamed (<see cref="GgufNames"/>), q/k rows permuted
/// for Llama-type models, and encoded per <see cref="GgufQuantization"/>.
/// </summary>
public static class GgufModelWriter
{
    /// <summary>Writes <paramref name="weights"/> (HF names, base model only) to <paramref name="path"/>.</summary>
    public static void Write(string path, ModelConfig config, IReadOnlyList<KeyValuePair<string, Tensor>> weights, GgufVocabulary vocab,
        GgufQuantization quantization, string modelName, CancellationToken cancellation = default)
    {
        if (config.RopeScaling is { } rs)
            throw new NotSupportedException($"GGUF export of a model with rope_scaling ({rs.Type}) is not supported yet; export the Hugging Face folder instead");
        var w = new GgufWriter();
        AddModelMetadata(w, config, modelName, quantization);
        AddVocabulary(w, vocab);
        foreach (var (name, tensor) in weights.OrderBy(kv => Order(kv.Key)).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (name.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal)) continue;
            int? heads = GgufNames.PermuteHeads(name, config);
            var shape = tensor.shape;
            var type = quantization.TypeFor(shape);
            var source = tensor;
            w.AddTensor(GgufNames.Tensor(name), shape, type, () => Encode(source, heads, type));
        }
        w.Write(path, cancellation);
    }

    /// <summary>The keys every llama.cpp model needs: architecture, sizes, RoPE and normalisation settings.</summary>
    public static void AddModelMetadata(GgufWriter w, ModelConfig c, string modelName, GgufQuantization quantization)
    {
        string a = GgufNames.Architecture(c);
        w.Add("general.architecture", GgufValue.Of(a));
        w.Add("general.type", GgufValue.Of("model"));
        w.Add("general.name", GgufValue.Of(modelName));
        w.Add(GgufWriter.AlignmentKey, GgufValue.Of(32u));
        w.Add($"{a}.context_length", GgufValue.Of((uint)c.MaxPositionEmbeddings));
        w.Add($"{a}.embedding_length", GgufValue.Of((uint)c.HiddenSize));
        w.Add($"{a}.block_count", GgufValue.Of((uint)c.NumHiddenLayers));
        w.Add($"{a}.feed_forward_length", GgufValue.Of((uint)c.IntermediateSize));
        w.Add($"{a}.attention.head_count", GgufValue.Of((uint)c.NumAttentionHeads));
        w.Add($"{a}.attention.head_count_kv", GgufValue.Of((uint)c.NumKeyValueHeads));
        if (c.HeadDim != c.HiddenSize / c.NumAttentionHeads)
        {
            w.Add($"{a}.attention.key_length", GgufValue.Of((uint)c.HeadDim));
            w.Add($"{a}.attention.value_length", GgufValue.Of((uint)c.HeadDim));
        }
        w.Add($"{a}.attention.layer_norm_rms_epsilon", GgufValue.Of((float)c.RmsNormEps));
        w.Add($"{a}.rope.freq_base", GgufValue.Of((float)c.RopeTheta));
        w.Add($"{a}.rope.dimension_count", GgufValue.Of((uint)c.HeadDim));
        w.Add($"{a}.vocab_size", GgufValue.Of((uint)c.VocabSize));
        w.Add("general.file_type", GgufValue.Of(quantization.FileType));
        if (quantization.Quantized) w.Add("general.quantization_version", GgufValue.Of(2u));
    }

    static void AddVocabulary(GgufWriter w, GgufVocabulary v)
    {
        w.Add("tokenizer.ggml.model", GgufValue.Of(v.Model));
        w.Add("tokenizer.ggml.pre", GgufValue.Of(v.Pre));
        w.Add("tokenizer.ggml.tokens", GgufValue.Strings(v.Tokens));
        if (v.Scores.Count > 0) w.Add("tokenizer.ggml.scores", GgufValue.Floats(v.Scores));
        w.Add("tokenizer.ggml.token_type", GgufValue.Ints(v.TokenTypes));
        if (v.Merges.Count > 0) w.Add("tokenizer.ggml.merges", GgufValue.Strings(v.Merges));
        if (v.BosId is { } b) w.Add("tokenizer.ggml.bos_token_id", GgufValue.Of((uint)b));
        if (v.EosId is { } e) w.Add("tokenizer.ggml.eos_token_id", GgufValue.Of((uint)e));
        if (v.UnkId is { } u) w.Add("tokenizer.ggml.unknown_token_id", GgufValue.Of((uint)u));
        if (v.PadId is { } p) w.Add("tokenizer.ggml.padding_token_id", GgufValue.Of((uint)p));
        w.Add("tokenizer.ggml.add_bos_token", GgufValue.Of(v.AddBos));
        w.Add("tokenizer.ggml.add_eos_token", GgufValue.Of(v.AddEos));
        if (v.Model == "llama") w.Add("tokenizer.ggml.add_space_prefix", GgufValue.Of(v.AddSpacePrefix));
        if (v.ChatTemplate is { } t) w.Add("tokenizer.chat_template", GgufValue.Of(t));
    }

    /// <summary>A tensor as float32 values, q/k rows permuted when <paramref name="heads"/> is set, encoded as <paramref name="type"/>.</summary>
    public static byte[] Encode(Tensor t, int? heads, GgufTensorType type)
    {
        using var scope = NewDisposeScope();
        var x = t.detach().cpu().to_type(ScalarType.Float32);
        if (heads is { } n) x = Permute(x, n);
        x = x.contiguous();
        var values = new float[x.NumberOfElements];
        x.data<float>().CopyTo(values, 0);
        return GgufTensorData.Encode(values, type);
    }

    /// <summary>LlamaModel.permute: rows [n, 2, rows / n / 2] → [n, rows / n / 2, 2] (weights and biases).</summary>
    public static Tensor Permute(Tensor w, int n)
    {
        long rows = w.shape[0];
        if (rows % (2 * n) != 0) throw new ArgumentException($"cannot permute {rows} rows into {n} heads of rotary pairs");
        return w.dim() == 1
            ? w.reshape(n, 2, rows / n / 2).transpose(1, 2).reshape(rows)                       // (rows)
            : w.reshape(n, 2, rows / n / 2, w.shape[1]).transpose(1, 2).reshape(rows, w.shape[1]); // (rows, in)
    }

    /// <summary>llama.cpp's order: token_embd, then layers in order, then output_norm and output.</summary>
    static (int, int) Order(string hf) =>
        hf.StartsWith("model.embed_tokens", StringComparison.Ordinal) ? (0, 0)
        : hf.StartsWith("model.layers.", StringComparison.Ordinal) ? (1, int.Parse(hf.Split('.')[2], System.Globalization.CultureInfo.InvariantCulture))
        : (2, 0);
}
