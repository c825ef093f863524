using System.Diagnostics;
using static TorchSharp.torch;

namespace SharpTune.Core.Planning;

/// <summary>The GEMM ceiling of this machine in this process: median GFLOP/s of square matmuls (as the peers' matmul_peak.py).</summary>
public static class MatmulPeak
{
    public static double Measure(ScalarType dtype, int size = 1024, int repeats = 7)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var a = randn(size, size).to_type(dtype);
        var b = randn(size, size).to_type(dtype);
        matmul(a, b).Dispose();                                                              // warm-up
        var times = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            matmul(a, b).Dispose();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        double median = times.Order().ElementAt(times.Count / 2);
        return 2.0 * size * size * size / median / 1e9;
    }
}
