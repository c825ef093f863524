using SharpTune.Core.Checkpoints;

namespace SharpTune.Core.Benchmarking;

/// <summary>The model shapes of the PyTorch performance peer (torch_llama_peer.py), so both sides run the same model.</summary>
public static class PeerConfigs
{
    public static ModelConfig Get(string name) => name switch
    {
        "tiny" => Make(256, 4, 4, 2, 688, 8192),
        "small" => Make(512, 8, 8, 4, 1376, 16384),
        "medium" => Make(768, 12, 12, 4, 2048, 32000),
        _ => throw new ArgumentException($"--config '{name}' is not one of tiny, small, medium"),
    };

    static ModelConfig Make(int hidden, int layers, int heads, int kv, int inter, int vocab) => new()
    {
        ModelType = "llama", VocabSize = vocab, HiddenSize = hidden, IntermediateSize = inter, NumHiddenLayers = layers,
        NumAttentionHeads = heads, NumKeyValueHeads = kv, HeadDim = hidden / heads, RmsNormEps = 1e-6, RopeTheta = 10000,
        TieWordEmbeddings = false, MaxPositionEmbeddings = 4096,
    };

    /// <summary>Reads `--name value` pairs.</summary>
    public static string Arg(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
