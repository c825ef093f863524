using System.Diagnostics;
using SharpTune.Core.Checkpoints;
using SharpTune.Core.Data;
using SharpTune.Core.Generation;
using SharpTune.Core.Modeling;
using SharpTune.Core.Peft;
using SharpTune.Text.Tokenization;

namespace SharpTune.Core.Experiments;

/// <summary>
/// Inference latency per generated token of a trained run: one prompt at a time (batch 1, KV cache), a fixed number of
/// new tokens with no stop token, timed per repeat after one warm-up. Adapters stay unmerged unless
/// <c>merge</c> folds LoRA / DoRA into the weights first.
/// </summary>
public static class LatencyProbe
{
    /// <summary>Milliseconds per new token, one value per repeat, of the model in <paramref name="runDir"/> (an adapter over <paramref name="baseDir"/>, or a full model when runDir holds config.json).</summary>
    public static IReadOnlyList<double> MsPerToken(string baseDir, string runDir, bool merge, string prompt, int newTokens, int repeats)
    {
        bool fullModel = File.Exists(Path.Combine(runDir, "config.json")) && !File.Exists(Path.Combine(runDir, AdapterStateDict.ConfigFile));
        Tokenizer tokenizer = DataPipeline.LoadTokenizer(baseDir);
        long[] ids = [.. tokenizer.EncodeToIds(prompt, addSpecialTokens: true).Select(i => (long)i)];
        using TorchSharp.torch.nn.Module module = fullModel ? ModelLoader.Load(runDir) : Adapted(baseDir, runDir, merge);
        var model = (ICausalLM)module;
        var options = new GenerationOptions { MaxNewTokens = newTokens, EosTokenIds = [] };
        TextGenerator.Generate(model, [ids], options);                                       // warm-up
        var times = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            TextGenerator.Generate(model, [ids], options);
            times.Add(clock.Elapsed.TotalMilliseconds / newTokens);
        }
        return times;
    }

    static PeftModel Adapted(string baseDir, string runDir, bool merge)
    {
        var peft = PeftBuilder.Build(baseDir, new FinetuningOptions(), [runDir], null);
        peft.eval();
        if (merge) peft.Merge();
        return peft;
    }
}
