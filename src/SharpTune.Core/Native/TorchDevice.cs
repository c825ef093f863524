using TorchSharp;

namespace SharpTune.Core.Native;

/// <summary>The one place that maps a user's `--device` and `--dtype` to TorchSharp values.</summary>
public static class TorchDevice
{
    /// <summary>"cpu", "cuda", "cuda:N" or "auto" (CUDA when available, else CPU).</summary>
    public static torch.Device Resolve(string? name)
    {
        LibTorchRuntime.EnsureLoaded();
        string n = string.IsNullOrWhiteSpace(name) ? "auto" : name.Trim().ToLowerInvariant();
        if (n == "auto") return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        if (n == "cpu") return torch.CPU;
        if (n.StartsWith("cuda", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new InvalidOperationException($"--device {name}: CUDA is not available (this build uses the TorchSharp-cpu package; install TorchSharp-cuda-linux for GPUs)");
            return torch.device(n);
        }
        throw new ArgumentException($"--device '{name}' is not one of auto, cpu, cuda, cuda:N");
    }

    /// <summary>"float32"/"fp32", "bfloat16"/"bf16", "float16"/"fp16", or null/"auto" (keep the checkpoint's dtype).</summary>
    public static torch.ScalarType? ParseDType(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => null,
        "float32" or "fp32" or "float" => torch.ScalarType.Float32,
        "bfloat16" or "bf16" => torch.ScalarType.BFloat16,
        "float16" or "fp16" or "half" => torch.ScalarType.Float16,
        _ => throw new ArgumentException($"--dtype '{name}' is not one of auto, float32, bfloat16, float16"),
    };

    /// <summary>The Hugging Face `torch_dtype` name of a scalar type.</summary>
    public static string HfName(torch.ScalarType t) => t switch
    {
        torch.ScalarType.Float32 => "float32",
        torch.ScalarType.BFloat16 => "bfloat16",
        torch.ScalarType.Float16 => "float16",
        _ => t.ToString().ToLowerInvariant(),
    };
}
