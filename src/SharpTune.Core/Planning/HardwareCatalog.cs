// The accelerator catalogue. Peak dense throughput (no sparsity): NVIDIA datasheets as tabulated by karpathy/nanochat
// and pytorch/torchtitan get_peak_flops (bf16 tensor core; fp32 = the non-tensor-core figure, PyTorch's default for
// fp32 matmuls since it disabled TF32 by default); Ascend 910B: the BF16 "Cube" peak of Huawei's torchtitan-npu patch
// (910B3); TPU v5e: docs.cloud.google.com/tpu/docs/v5e. Memory is the usable capacity nvidia-smi reports (GiB, written
// here in GB of 10⁹ bytes). Prices are indicative on-demand USD per device-hour, 2026: RunPod's listed price
// (deploybase.ai "RunPod GPU Pricing", 2026-03; the lower of its two figures), TPU v5e Google's list price per chip-hour;
// none published for A100-40G and Ascend 910B (give --price). Checked 2026-12-03.
namespace SharpTune.Core.Planning;

public static class HardwareCatalog
{
    const double GiB = 1073741824 / 1e9;
    /// <summary>CUDA context, cuBLAS / NCCL workspaces and the caching allocator's slack outside the tensors a step holds.</summary>
    public const double GpuOverheadGb = 1.0;

    static readonly HardwareProfile[] Devices =
    [
        Gpu("a100-40g", "NVIDIA A100 40GB", 312, 19.5, 40, null, "nanochat/torchtitan peak tables; no list price found"),
        Gpu("a100-80g", "NVIDIA A100 80GB SXM", 312, 19.5, 80, 1.39, "nanochat/torchtitan peak tables; RunPod 2026-03"),
        Gpu("h100-80g", "NVIDIA H100 80GB SXM", 989, 67, 79.6, 2.69, "nanochat/torchtitan peak tables; RunPod 2026-03"),
        Gpu("h200", "NVIDIA H200 141GB SXM", 989, 67, 140.4, 3.59, "nanochat/torchtitan peak tables; RunPod 2026-03"),
        Gpu("l40s", "NVIDIA L40S 48GB", 362, 91.6, 45, 0.79, "NVIDIA datasheet; RunPod 2026-03"),
        Gpu("rtx4090", "NVIDIA GeForce RTX 4090 24GB", 165.2, 82.6, 24, 0.34, "NVIDIA datasheet (bf16 with fp32 accumulate); RunPod 2026-03"),
        Gpu("ascend-910b", "Huawei Ascend 910B3 64GB", 294.9, null, 64, null, "torchtitan-npu _ASCEND_BF16_PEAK_FLOPS; no list price found"),
        Gpu("tpu-v5e", "Google TPU v5e 16GB", 197, null, 16, 1.20, "docs.cloud.google.com/tpu/docs/v5e; Google list price per chip-hour"),
    ];

    /// <summary>Names accepted by --hardware.</summary>
    public static IReadOnlyList<string> Names => [.. Devices.Select(d => d.Name), "cpu"];

    /// <summary>The catalogue entry; "cpu" is this machine from its calibrated profile (or the default profile).</summary>
    public static HardwareProfile Get(string name, CpuProfile? cpu = null)
    {
        if (name.Equals("cpu", StringComparison.OrdinalIgnoreCase)) return (cpu ?? CpuProfile.Default).ToHardware();
        return Devices.FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"--hardware '{name}' is not one of {string.Join(", ", Names)}");
    }

    static HardwareProfile Gpu(string name, string description, double bf16, double? fp32, double memoryGib, double? price, string source) => new()
    {
        Name = name, Description = description, PeakBf16Tflops = bf16, PeakFp32Tflops = fp32, MemoryGb = Math.Round(memoryGib * GiB, 1),
        OverheadGb = GpuOverheadGb, PricePerHour = price, Source = source,
    };
}
