using SharpTune.Core.Peft;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Peft.Lora;

/// <summary>LoRA adapter folders over the bundled stories260K model, with random (non-zero) B so each changes the outputs.</summary>
internal static class ServedAdapters
{
    public static string Stories { get; } = Path.Combine(TestPaths.RepoRoot, "examples", "models", "stories260K");

    /// <summary>Saves a LoRA adapter into <paramref name="dir"/>; <paramref name="scaleB"/> = 0 keeps it fresh (B = 0).</summary>
    public static string Save(string dir, int seed, double scaleB, string target = "q_proj,v_proj,down_proj", int rank = 4)
    {
        using var peft = PeftBuilder.Build(Stories, new FinetuningOptions { LoraRank = rank, LoraAlpha = 8, LoraTarget = target, Seed = seed });
        using (no_grad())
        {
            using var g = new Generator((ulong)seed);
            foreach (var l in peft.LoraLayers.Values) l.lora_B.weight!.copy_(randn(l.lora_B.weight!.shape, generator: g) * scaleB);
        }
        peft.Save(dir);
        return dir;
    }
}
