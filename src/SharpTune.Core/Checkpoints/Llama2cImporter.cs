using System.Text.Json.Nodes;
using SharpTune.Core.Native;
using static TorchSharp.torch;
using SharpTune.Text.IO;

namespace SharpTune.Core.Checkpoints;

/// <summary>
/// Converts a llama2.c checkpoint (legacy version 0: seven int32 header fields, then float32 weights in
/// export.py order) to a Hugging Face Llama folder. llama2.c rotates interleaved pairs (x₂ᵢ, x₂ᵢ₊₁) while
/// transformers rotates halves (xᵢ, xᵢ₊d/2), so q_proj and k_proj rows are permuted per head exactly as
/// transformers' convert_llama_weights_to_hf does.
/// </summary>
public static class Llama2cImporter
{
    public sealed record Header(int Dim, int HiddenDim, int Layers, int Heads, int KvHeads, int VocabSize, bool SharedClassifier, int SeqLen);

    public static Header ReadHeader(string path)
    {
        using var fs = File.OpenRead(path);
        if (fs.Length < 28) throw new InvalidDataException($"{path}: {fs.Length} bytes is too short for a llama2.c header");
        var b = new byte[28];
        fs.ReadExactly(b);
        int V(int i) => BitConverter.ToInt32(b, i * 4);
        var h = new Header(V(0), V(1), V(2), V(3), V(4), Math.Abs(V(5)), V(5) > 0, V(6));
        if (h.Dim <= 0 || h.HiddenDim <= 0 || h.Layers <= 0 || h.Heads <= 0 || h.KvHeads <= 0 || h.VocabSize == 0 || h.SeqLen <= 0
            || h.Dim % h.Heads != 0 || h.Heads % h.KvHeads != 0)
            throw new InvalidDataException($"{path}: header {h} is not a llama2.c legacy checkpoint (the version-1+ formats start with magic 0x616b3432 and are not supported)");
        long expected = 28 + 4L * ExpectedFloats(h);
        if (fs.Length != expected)
            throw new InvalidDataException($"{path}: {fs.Length} bytes, but header {h} needs {expected}");
        return h;
    }

    static long ExpectedFloats(Header h)
    {
        long hs = h.Dim / h.Heads, kv = h.KvHeads * hs;
        long perLayer = 2L * h.Dim + (long)h.Dim * h.Dim * 2 + 2L * h.Dim * kv + 3L * h.Dim * h.HiddenDim;
        return (long)h.VocabSize * h.Dim * (h.SharedClassifier ? 1 : 2) + h.Layers * perLayer + h.Dim + (long)h.SeqLen * hs;
    }

    /// <summary>Writes config.json, generation_config.json, model.safetensors (and, given the SentencePiece model, tokenizer.json) into <paramref name="outputDir"/>.</summary>
    public static ModelConfig Convert(string binPath, string outputDir, string? sentencePieceModel = null)
    {
        if (sentencePieceModel != null && !File.Exists(sentencePieceModel))
            throw new FileNotFoundException($"{sentencePieceModel}: tokenizer not found", sentencePieceModel);
        LibTorchRuntime.EnsureLoaded();
        var h = ReadHeader(binPath);
        int hs = h.Dim / h.Heads, kv = h.KvHeads * hs;
        using var scope = NewDisposeScope();
        var raw = File.ReadAllBytes(binPath);
        var all = tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw.AsSpan(28)).ToArray()); // every float after the header
        long pos = 0;
        Tensor Next(params long[] shape)
        {
            long n = shape.Aggregate(1L, (a, b) => a * b);
            var t = all.narrow(0, pos, n).view(shape).clone();
            pos += n;
            return t;
        }
        var w = new List<KeyValuePair<string, Tensor>>();
        void Add(string k, Tensor t) => w.Add(KeyValuePair.Create(k, t));
        var emb = Next(h.VocabSize, h.Dim);
        Add("model.embed_tokens.weight", emb);
        Tensor[] PerLayer(params long[] shape) => Enumerable.Range(0, h.Layers).Select(_ => Next(shape)).ToArray();
        var attnNorm = PerLayer(h.Dim);
        var wq = PerLayer(h.Dim, h.Dim);
        var wk = PerLayer(kv, h.Dim);
        var wv = PerLayer(kv, h.Dim);
        var wo = PerLayer(h.Dim, h.Dim);
        var ffnNorm = PerLayer(h.Dim);
        var w1 = PerLayer(h.HiddenDim, h.Dim);
        var w2 = PerLayer(h.Dim, h.HiddenDim);
        var w3 = PerLayer(h.HiddenDim, h.Dim);
        var finalNorm = Next(h.Dim);
        pos += (long)h.SeqLen * hs;                                                          // freq_cis_real / imag: unused
        for (int i = 0; i < h.Layers; i++)
        {
            string p = $"model.layers.{i}";
            Add($"{p}.input_layernorm.weight", attnNorm[i]);
            Add($"{p}.self_attn.q_proj.weight", Permute(wq[i], h.Heads));
            Add($"{p}.self_attn.k_proj.weight", Permute(wk[i], h.KvHeads));
            Add($"{p}.self_attn.v_proj.weight", wv[i]);
            Add($"{p}.self_attn.o_proj.weight", wo[i]);
            Add($"{p}.post_attention_layernorm.weight", ffnNorm[i]);
            Add($"{p}.mlp.gate_proj.weight", w1[i]);
            Add($"{p}.mlp.down_proj.weight", w2[i]);
            Add($"{p}.mlp.up_proj.weight", w3[i]);
        }
        Add("model.norm.weight", finalNorm);
        if (!h.SharedClassifier) Add("lm_head.weight", Next(h.VocabSize, h.Dim));
        var config = Config(h);
        Directory.CreateDirectory(outputDir);
        CheckpointStore.Save(outputDir, w);
        var opts = new System.Text.Json.JsonSerializerOptions { WriteIndented = true };
        AtomicFile.WriteAllText(Path.Combine(outputDir, "config.json"), config.ToJson().ToJsonString(opts));
        var gen = new JsonObject { ["bos_token_id"] = 1, ["eos_token_id"] = 2, ["pad_token_id"] = 0 };
        AtomicFile.WriteAllText(Path.Combine(outputDir, "generation_config.json"), gen.ToJsonString(opts));
        if (sentencePieceModel != null) Text.Tokenization.Tokenizer.FromSentencePieceModel(sentencePieceModel).Save(outputDir);
        return config;
    }

    /// <summary>Interleaved-pair rows → rotate-half rows, per head: view(heads, hd/2, 2, in).transpose(1, 2).</summary>
    public static Tensor Permute(Tensor w, int heads)
    {
        long outDim = w.shape[0], inDim = w.shape[1];
        return w.view(heads, outDim / heads / 2, 2, inDim).transpose(1, 2).reshape(outDim, inDim);
    }

    static ModelConfig Config(Header h) => new()
    {
        ModelType = "llama",
        VocabSize = h.VocabSize,
        HiddenSize = h.Dim,
        IntermediateSize = h.HiddenDim,
        NumHiddenLayers = h.Layers,
        NumAttentionHeads = h.Heads,
        NumKeyValueHeads = h.KvHeads,
        HeadDim = h.Dim / h.Heads,
        RmsNormEps = 1e-5,
        RopeTheta = 10000.0,
        TieWordEmbeddings = h.SharedClassifier,
        MaxPositionEmbeddings = h.SeqLen,
        BosTokenId = 1,
        EosTokenIds = [2],
        PadTokenId = 0,
        TorchDtype = "float32",
    };
}
