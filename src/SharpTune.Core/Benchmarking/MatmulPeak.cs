using System.Diagnostics;
using static TorchSharp.torch;

namespace SharpTune.Core.Benchmarking;

/// <summary>
/// The GEMM ceiling of this machine in this process: median GFLOP/s of square matmuls, repeated for at least
/// <c>minSeconds</c> and <c>repeats</c> calls (as the peers' matmul_peak.py). 1024 is where libtorch's median peaks on
/// the 2-core development machine (bf16 411 GFLOP/s against 397 / 393 at 2048 / 4096; fp32 172 against 154 / 165).
/// Seven calls alone let one noisy burst halve the figure (216 instead of 381 GFLOP/s once).
/// </summary>
public static class MatmulPeak
{
    public static double Measure(ScalarType dtype, int size = 1024, int repeats = 7, double minSeconds = 0.5)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var a = randn(size, size).to_type(dtype);
        var b = randn(size, size).to_type(dtype);
        matmul(a, b).Dispose();                                                              // warm-up
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < repeats || (total.Elapsed.TotalSeconds < minSeconds && times.Count < 200))
        {
            var sw = Stopwatch.StartNew();
            matmul(a, b).Dispose();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        double median = times.Order().ElementAt(times.Count / 2);
        return 2.0 * size * size * size / median / 1e9;
    }
}
