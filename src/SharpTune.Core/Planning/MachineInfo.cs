using System.Globalization;

namespace SharpTune.Core.Planning;

/// <summary>What /proc says about this machine: RAM, CPU model and the vector / matrix instruction sets that decide GEMM speed.</summary>
public static class MachineInfo
{
    public static double? MemoryGb()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024 / 1e9;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>"model name, N cores, avx2 avx512f … amx_tile" (the flags that matter for matmul speed).</summary>
    public static string Cpu()
    {
        string[] lines;
        try { lines = File.ReadAllLines("/proc/cpuinfo"); }
        catch (IOException) { return $"{Environment.ProcessorCount} cores"; }
        catch (UnauthorizedAccessException) { return $"{Environment.ProcessorCount} cores"; }
        string model = lines.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var flags = (lines.FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(':', 2)[1] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        string[] wanted = ["avx2", "fma", "avx512f", "avx512_bf16", "amx_bf16", "amx_tile"];
        return $"{model}, {Environment.ProcessorCount} cores, {string.Join(' ', wanted.Where(flags.Contains).DefaultIfEmpty("no avx2"))}";
    }
}
