using System.Diagnostics;
using System.Globalization;

namespace SharpTune.Core.Benchmarking;

/// <summary>
/// Wall time, this process's CPU time and everybody else's over an interval (from /proc/stat), so a benchmark
/// can tell steps slowed by a neighbour from steps slowed by its own code — the peer's contention measure.
/// </summary>
public sealed class CpuMeter
{
    static readonly double Hz = 100.0;   // USER_HZ on Linux
    long _t0;
    double _busy0, _steal0, _own0;

    public CpuMeter() => Reset();

    public void Reset()
    {
        _t0 = Stopwatch.GetTimestamp();
        (_busy0, _steal0) = ProcStat();
        _own0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }

    /// <summary>(wall seconds, own cores, other cores, steal cores) since the last reset.</summary>
    public (double Wall, double SelfCores, double OtherCores, double StealCores) Read()
    {
        double wall = Math.Max(Stopwatch.GetElapsedTime(_t0).TotalSeconds, 1e-9);
        var (busy, steal) = ProcStat();
        double own = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - _own0;
        return (wall, own / wall, Math.Max(0, busy - _busy0 - own) / wall, (steal - _steal0) / wall);
    }

    static (double Busy, double Steal) ProcStat()
    {
        try
        {
            var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            return ((f[0] + f[1] + f[2] + f[5] + f[6]) / Hz, f.Length > 7 ? f[7] / Hz : 0);
        }
        catch (IOException) { return (0, 0); }
    }

    /// <summary>Peak resident set size of this process in MB (VmHWM): since the start, or since <see cref="ResetPeakRss"/>.</summary>
    public static double PeakRssMb() => Status("VmHWM:");

    /// <summary>Resident set size of this process now, in MB (VmRSS).</summary>
    public static double RssMb() => Status("VmRSS:");

    /// <summary>
    /// Sets the peak RSS back to the current RSS (Linux ≥ 4.0: "5" written to /proc/self/clear_refs), so one process can
    /// measure the peak of each of several runs in turn. False where the kernel does not allow it (then the peak only grows).
    /// </summary>
    public static bool ResetPeakRss()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    static double Status(string key)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException) { return double.NaN; }
    }
}
