using Intrinsics = System.Runtime.Intrinsics;

namespace SharpTune.Core.Native;

/// <summary>
/// The instruction sets of this CPU that decide SharpTune's speed: AMX (bf16 tile matmul), AVX-512 BF16, AVX-512F,
/// AVX2 and FMA. Read from the kernel's `/proc/cpuinfo` flags where present; elsewhere from .NET's X86 intrinsics, which
/// know AVX-512F, AVX2 and FMA but not AMX or AVX-512 BF16 (then null: unknown). <see cref="DotnetVector512"/> tells whether
/// .NET runs 512-bit vectors in hardware (off under DOTNET_EnableAVX512=0 even where the CPU has AVX-512), which
/// decides whether the model takes SharpTune's CPU kernels.
/// </summary>
public sealed record CpuFeatures(string ModelName, string Source, bool? AmxBf16, bool? AmxTile, bool? Avx512Bf16, bool Avx512F, bool Avx2, bool Fma, bool DotnetVector512)
{
    /// <summary>This machine's, read once.</summary>
    public static CpuFeatures Current { get; } = Detect();

    static CpuFeatures Detect()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo") && Parse(File.ReadAllText("/proc/cpuinfo")) is { } fromKernel) return fromKernel;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return new CpuFeatures(Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") ?? "unknown", "dotnet", null, null, null,
            Intrinsics.X86.Avx512F.IsSupported, Intrinsics.X86.Avx2.IsSupported, Intrinsics.X86.Fma.IsSupported, Intrinsics.Vector512.IsHardwareAccelerated);
    }

    /// <summary>
    /// The features named by the first processor's `flags` line of a /proc/cpuinfo text (and its `model name`), or null
    /// when it has no flags line (not x86: ARM kernels write `Features`).
    /// </summary>
    public static CpuFeatures? Parse(string cpuinfo)
    {
        string? model = null, flags = null;
        foreach (var line in cpuinfo.Split('\n'))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            string key = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
            if (key == "model name") model ??= value;
            else if (key == "flags") flags ??= value;
            if (model != null && flags != null) break;
        }
        if (flags is null) return null;
        var set = flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return new CpuFeatures(model ?? "unknown", "/proc/cpuinfo", set.Contains("amx_bf16"), set.Contains("amx_tile"), set.Contains("avx512_bf16"),
            set.Contains("avx512f"), set.Contains("avx2"), set.Contains("fma"), Intrinsics.Vector512.IsHardwareAccelerated);
    }

    /// <summary>The features as `sharptune bench` reports them (`cpu_features`): null where unknown.</summary>
    public Dictionary<string, object?> ToJson() => new()
    {
        ["model_name"] = ModelName, ["source"] = Source, ["amx_bf16"] = AmxBf16, ["amx_tile"] = AmxTile, ["avx512_bf16"] = Avx512Bf16,
        ["avx512f"] = Avx512F, ["avx2"] = Avx2, ["fma"] = Fma, ["dotnet_vector512"] = DotnetVector512,
    };

    /// <summary>
    /// The warning `train` gives for bf16 on this CPU, or null. With AMX, libtorch's bf16 matmul runs 2–3× its float32
    /// speed; without AMX but with AVX-512 BF16 about 0.65× (small LoRA trained at 884 tokens/s in bf16 vs 1294 in fp32);
    /// with neither, bf16 matmul has no fast path (1024³ GEMM 0.3 vs 12–16 GFLOP/s in fp32 on an AVX2-only AMD EPYC).
    /// bf16 still halves the memory of the frozen weights, so it stays the user's choice. Null when AMX is present or unknown.
    /// </summary>
    public static string? Bf16Warning(CpuFeatures f) => f.AmxBf16 is not false ? null : f.Avx512Bf16 is true
        ? $"bf16 on this CPU ({f.ModelName}: no AMX, AVX-512 BF16) is usually slower than float32 (bf16 matmul about 0.65× float32); " +
          "it still halves the frozen weights' memory. Set bf16 false for speed."
        : $"bf16 on this CPU ({f.ModelName}: no AMX, no AVX-512 BF16) is usually much slower than float32 (bf16 matmul has no fast path here: " +
          "measured at a few percent of float32's speed); it still halves the frozen weights' memory. Set bf16 false for speed.";
}
