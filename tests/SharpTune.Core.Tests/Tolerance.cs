using static TorchSharp.torch;

namespace SharpTune.Core.Tests;

/// <summary>
/// Comparisons whose tolerance scales with the quantity compared. libtorch and oneDNN pick their kernels by instruction
/// set (AVX2, AVX-512, AMX), so results agree across CPUs only to a few units in the last place of their magnitude, and
/// a tolerance must be relative to hold on every x86-64 CPU.
/// </summary>
internal static class Tolerance
{
    /// <summary>max |a − e| over max |e|: the largest error relative to the tensor's scale (0 when both are all zero).</summary>
    public static double Relative(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        var e = expected.to_type(ScalarType.Float32);
        double scale = e.abs().max().item<float>();
        double diff = (actual.to_type(ScalarType.Float32) - e).abs().max().item<float>();
        return diff == 0 ? 0 : diff / Math.Max(scale, float.Epsilon);
    }

    /// <summary>‖a − e‖₂ / ‖e‖₂ (0 when both are all zero, as LoRA A's gradient is while B is still 0).</summary>
    public static double RelativeNorm(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        var e = expected.to_type(ScalarType.Float32);
        double diff = (actual.to_type(ScalarType.Float32) - e).norm().item<float>();
        return diff == 0 ? 0 : diff / Math.Max(e.norm().item<float>(), float.Epsilon);
    }

    /// <summary>Asserts |actual − expected| ≤ rel · |expected|.</summary>
    public static void Close(double expected, double actual, double rel, string what) =>
        Assert.True(Math.Abs(actual - expected) <= rel * Math.Abs(expected), $"{what}: expected {expected:R} within {rel:G2} relative, got {actual:R}");
}
