using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SharpTune.Core.Benchmarking;
using static TorchSharp.torch;

namespace SharpTune.Benchmarks.Serving;

/// <summary>
/// Wall time of libtorch's fp32 linear (x · Wᵀ) at the decode and prefill shapes of the peer's configs, at 1 and 2
/// intra-op threads: does the second core help these GEMMs? (The peer prints the same with `--mode generate`'s shapes in
/// PyTorch: `F.linear` on the same sizes.) Where SharpTune's skinny decode kernel applies (at most 16 rows, a large W), its
/// time is measured beside libtorch's at the same thread counts (`skinny_us_*`).
/// </summary>
internal sealed class LinearThreadsBenchmark : IBenchmark
{
    public string Name => "linear-threads";
    public string Description => "fp32 linear wall time at decode / prefill shapes, 1 vs 2 threads (--calls 300)";

    public int Run(string[] args)
    {
        int calls = int.Parse(PeerConfigs.Arg(args, "--calls", "300"), CultureInfo.InvariantCulture);
        int[][] shapes = [[1, 256, 8192], [8, 256, 8192], [8, 256, 688], [128, 256, 688], [128, 256, 256], [8, 512, 16384], [8, 512, 1376], [128, 512, 1376]];
        using var grad = no_grad();
        var rows = new JsonArray();
        foreach (var s in shapes)
        {
            using var x = randn(s[0], s[1]);
            using var w = randn(s[2], s[1]);
            var row = new JsonObject { ["m"] = s[0], ["k"] = s[1], ["n"] = s[2] };
            foreach (int threads in new[] { 1, 2 })
            {
                set_num_threads(threads);
                row[$"us_{threads}_threads"] = Microseconds(calls, () => nn.functional.linear(x, w));
                if (SharpTune.Core.Modeling.CpuKernels.SkinnyLinear(x, w) is not { } first) continue;
                first.Dispose();
                row[$"skinny_us_{threads}_threads"] = Microseconds(calls, () => SharpTune.Core.Modeling.CpuKernels.SkinnyLinear(x, w)!);
            }
            row["speedup_2_over_1"] = Math.Round((double)row["us_1_threads"]! / (double)row["us_2_threads"]!, 2);
            rows.Add(row);
        }
        Console.WriteLine(new JsonObject { ["shapes"] = rows, ["cpu_features"] = JsonValue.Create(SharpTune.Core.Native.CpuFeatures.Current.ToString()) }.ToJsonString());
                return 0;
    }

    /// <summary>Mean µs per call of <paramref name="op"/> over <paramref name="calls"/> calls after 20 warm-up calls.</summary>
    static double Microseconds(int calls, Func<Tensor> op)
    {
        for (int i = 0; i < 20; i++) op().Dispose();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++) op().Dispose();
        return Math.Round(clock.Elapsed.TotalMilliseconds * 1000 / calls, 1);
    }
}
