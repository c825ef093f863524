// Model shapes `estimate` knows by name. The shapes are the models' own config.json values (torchtune's
// _model_builders.py agrees); a bare size (7B, 13B, 70B) is the Llama-2 model LLaMA-Factory's memory table is about,
// and any other size is a Llama-2-like shape (see LlamaLike).
using System.Globalization;
using System.Text.RegularExpressions;
using SharpTune.Core.Benchmarking;
using SharpTune.Core.Checkpoints;

namespace SharpTune.Core.Planning;

public static partial class ModelPresets
{
    static readonly Dictionary<string, ModelConfig> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Llama-2-7B"] = Make("llama", 4096, 11008, 32, 32, 32, 32000, false),
        ["Llama-2-13B"] = Make("llama", 5120, 13824, 40, 40, 40, 32000, false),
        ["Llama-2-70B"] = Make("llama", 8192, 28672, 80, 64, 8, 32000, false),
        ["Llama-3-8B"] = Make("llama", 4096, 14336, 32, 32, 8, 128256, false),
        ["Llama-3-70B"] = Make("llama", 8192, 28672, 80, 64, 8, 128256, false),
        ["Llama-3.1-8B"] = Make("llama", 4096, 14336, 32, 32, 8, 128256, false),
        ["Mistral-7B"] = Make("mistral", 4096, 14336, 32, 32, 8, 32000, false),
        ["Qwen2.5-0.5B"] = Make("qwen2", 896, 4864, 24, 14, 2, 151936, true),
        ["Qwen2.5-1.5B"] = Make("qwen2", 1536, 8960, 28, 12, 2, 151936, true),
        ["Qwen2.5-3B"] = Make("qwen2", 2048, 11008, 36, 16, 2, 151936, true),
        ["Qwen2.5-7B"] = Make("qwen2", 3584, 18944, 28, 28, 4, 152064, false),
        ["Qwen2.5-14B"] = Make("qwen2", 5120, 13824, 48, 40, 8, 152064, false),
        ["Qwen2.5-32B"] = Make("qwen2", 5120, 27648, 64, 40, 8, 152064, false),
        ["Qwen2.5-72B"] = Make("qwen2", 8192, 29568, 80, 64, 8, 152064, false),
        ["stories260K"] = Make("llama", 64, 172, 5, 8, 4, 512, true),             // examples/models/stories260K
    };

    /// <summary>The preset names, then the peer shapes (tiny, small, medium).</summary>
    public static IReadOnlyList<string> Names => [.. Named.Keys, "tiny", "small", "medium"];

    /// <summary>
    /// A preset name (case-insensitive), a peer shape, a bare size such as 7B or 38B, or a path to a config.json (or
    /// to the folder holding one). <paramref name="description"/> says which shape was taken.
    /// </summary>
    public static ModelConfig Resolve(string model, out string description)
    {
        if (Named.TryGetValue(model, out var c)) { description = Named.Keys.First(k => k.Equals(model, StringComparison.OrdinalIgnoreCase)); return c; }
        if (model is "tiny" or "small" or "medium") { description = $"peer shape '{model}'"; return PeerConfigs.Get(model); }
        if (SizePattern().Match(model) is { Success: true } m)
        {
            double billions = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (billions <= 0) throw new ArgumentException($"--model '{model}': a size must be positive (e.g. 7B)");
            string? llama2 = billions switch { 7 => "Llama-2-7B", 13 => "Llama-2-13B", 70 => "Llama-2-70B", _ => null };
            if (llama2 is not null) { description = $"{llama2} (bare size {model})"; return Named[llama2]; }
            var shape = LlamaLike(billions * 1e9);
            description = $"Llama-2-like shape for {model}: hidden {shape.HiddenSize}, {shape.NumHiddenLayers} layers, intermediate {shape.IntermediateSize}";
            return shape;
        }
        if (File.Exists(model) || Directory.Exists(model))
        {
            var parsed = ModelConfigParser.Load(model);
            description = Directory.Exists(model) ? Path.Combine(model, "config.json") : model;
            return parsed;
        }
        throw new ArgumentException($"--model '{model}' is not a preset ({string.Join(", ", Names)}), a size such as 7B or 38B, or an existing config.json");
    }

    /// <summary>
    /// A Llama-2-like shape of about <paramref name="parameters"/>: head_dim 128, as many layers as heads (H / 128, the
    /// Llama-2-7B / 13B ratio), intermediate 8/3·H rounded up to 256, vocabulary 32000, untied, multi-head attention.
    /// N ≈ 12·L·H² + 2·V·H is solved for H, rounded to a multiple of 128.
    /// </summary>
    public static ModelConfig LlamaLike(double parameters)
    {
        const int vocab = 32000;
        double h = Math.Cbrt(parameters * 128 / 12);
        for (int i = 0; i < 30; i++) h = Math.Cbrt(Math.Max(1, parameters - 2.0 * vocab * h) * 128 / 12);  // fixed point with the embeddings
        int hidden = Math.Max(128, (int)Math.Round(h / 128) * 128), heads = hidden / 128;
        int inter = (int)Math.Ceiling(8.0 * hidden / 3 / 256) * 256;
        return Make("llama", hidden, inter, heads, heads, heads, vocab, false);
    }

    static ModelConfig Make(string type, int hidden, int inter, int layers, int heads, int kv, int vocab, bool tied) => new()
    {
        ModelType = type, VocabSize = vocab, HiddenSize = hidden, IntermediateSize = inter, NumHiddenLayers = layers,
        NumAttentionHeads = heads, NumKeyValueHeads = kv, HeadDim = hidden / heads, QkvBias = type == "qwen2",
        TieWordEmbeddings = tied,
    };

    [GeneratedRegex(@"^(-?[0-9]+(?:\.[0-9]+)?)[bB]$")]
    private static partial Regex SizePattern();
}
