using SharpTune.Core.Checkpoints;
using SharpTune.Core.Modeling;
using SharpTune.Core.Peft;
using SharpTune.Text.Tokenization.Training;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Export;

/// <summary>The models the export tests start from: the bundled stories260K, a LoRA of it, and a tiny byte-level BPE Qwen2.</summary>
internal static class ExportModels
{
    public static string Stories => Path.Combine(TestPaths.RepoRoot, "examples", "models", "stories260K");

    /// <summary>A LoRA (r 4, all linear layers) of stories260K with random B, so that it changes the output, saved to <paramref name="dir"/>.</summary>
    public static string StoriesLora(string dir, bool dora = false, string target = "all")
    {
        using var peft = PeftBuilder.Build(Stories, new FinetuningOptions { LoraRank = 4, LoraAlpha = 8, LoraTarget = target, UseDora = dora, Seed = 7 }, dtype: ScalarType.Float32);
        using (no_grad())
        {
            manual_seed(11);
            foreach (var l in peft.LoraLayers.Values) l.lora_B.weight!.normal_(0, 0.05);
            if (dora) foreach (var l in peft.LoraLayers.Values) l.lora_magnitude_vector!.mul_(1.1);
        }
        peft.Save(dir);
        return dir;
    }

    /// <summary>A 2-layer Qwen2 (q/k/v bias) of random weights with a byte-level BPE tokenizer trained on English prose.</summary>
    public static string ByteLevelQwen2(string dir)
    {
        var lines = File.ReadLines(Path.Combine(TestPaths.RepoRoot, "tests", "Fixtures", "data", "english_slice.txt")).Take(400).ToList();
        var trained = BpeTrainer.Train(lines, new BpeTrainerOptions { VocabSize = 384, Kind = BpeModelKind.ByteLevel, SpecialTokens = ["<|endoftext|>"], Threads = 1 });
        BpeTrainer.Save(trained, dir);
        int vocab = SharpTune.Text.Tokenization.Tokenizer.Load(dir).VocabSize;
        var config = new ModelConfig
        {
            ModelType = "qwen2", VocabSize = vocab, HiddenSize = 64, IntermediateSize = 128, NumHiddenLayers = 2,
            NumAttentionHeads = 4, NumKeyValueHeads = 2, HeadDim = 16, QkvBias = true, TieWordEmbeddings = false,
            MaxPositionEmbeddings = 512, RopeTheta = 10000, RmsNormEps = 1e-6, EosTokenIds = [0], TorchDtype = "float32",
        };
        manual_seed(3);
        using var model = new LlamaForCausalLM(config, ScalarType.Float32);
        using (no_grad()) foreach (var (_, p) in model.named_parameters()) if (p.dim() == 1) p.normal_(1, 0.1); else p.normal_(0, 0.15);
        ModelLoader.Save(model, dir);
        return dir;
    }

    /// <summary>SharpTune's greedy continuation (no stop token) of <paramref name="prompt"/>.</summary>
    public static int[] Greedy(ICausalLM model, IReadOnlyList<int> prompt, int n)
    {
        using var _ = no_grad();
        var r = global::SharpTune.Core.Generation.TextGenerator.Generate(model, [prompt.Select(i => (long)i).ToArray()], new global::SharpTune.Core.Generation.GenerationOptions { MaxNewTokens = n });
        return r.NewTokens[0].Select(x => (int)x).ToArray();
    }

    /// <summary>The last position's logits of <paramref name="prompt"/>.</summary>
    public static float[] LastLogits(ICausalLM model, IReadOnlyList<int> prompt)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var ids = tensor(prompt.Select(i => (long)i).ToArray()).unsqueeze(0);
        var o = model.forward(new CausalLMInputs { input_ids = ids });
        return o.logits[0, -1].to_type(ScalarType.Float32).data<float>().ToArray();
    }
}
