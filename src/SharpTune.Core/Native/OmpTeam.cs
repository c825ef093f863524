// Runs the C# kernels (CpuKernels, FastDropout) on libtorch's own OpenMP threads. libtorch parallelises its ops with
// OpenMP, and after each op its worker threads spin for a while waiting for the next one. A .NET thread started for a
// kernel in between has to share a core with a spinning worker, which on a 2-core machine made two-thread kernels
// slower than one (tiny full bf16: 4300–4700 → 5300–5600 tokens/s when they ran on the calling thread alone), so the
// kernels ran single-threaded and one core idled through every one of them (about a fifth of a tiny bf16 step).
// Entering an OpenMP parallel region ourselves (GOMP_parallel, the entry point that `#pragma omp parallel` compiles
// to, in the libgomp that libtorch loaded) hands the work to the very threads that are spinning: an empty region
// costs about 9 µs, and the SwiGLU kernel on 1.4 M bfloat16 elements took 0.74 instead of 1.33 ms.
// Where no such libgomp is loaded (macOS, Windows), Available is false and the caller keeps its own threads.
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace SharpTune.Core.Native;

public static unsafe class OmpTeam
{
    static readonly delegate* unmanaged<delegate* unmanaged<nint, void>, nint, uint, uint, void> parallel;
    static readonly delegate* unmanaged<int> threadNum, numThreads;

    /// <summary>Whether regions run on libtorch's OpenMP threads (Linux with libtorch's libgomp loaded).</summary>
    public static bool Available { get; }

    /// <summary>The libgomp the regions use, for diagnostics; null when not <see cref="Available"/>.</summary>
    public static string? Library { get; }

    static OmpTeam()
    {
        if (!OperatingSystem.IsLinux()) return;
        LibTorchRuntime.EnsureLoaded();
        string maps;
        try { maps = File.ReadAllText("/proc/self/maps"); } catch (IOException) { return; }
        if (FindLibgomp(maps) is not { } path || !NativeLibrary.TryLoad(path, out var lib)) return;
        if (!NativeLibrary.TryGetExport(lib, "GOMP_parallel", out var p) || !NativeLibrary.TryGetExport(lib, "omp_get_thread_num", out var t)
            || !NativeLibrary.TryGetExport(lib, "omp_get_num_threads", out var n)) return;
        parallel = (delegate* unmanaged<delegate* unmanaged<nint, void>, nint, uint, uint, void>)p;
        threadNum = (delegate* unmanaged<int>)t;
        numThreads = (delegate* unmanaged<int>)n;
        Library = path;
        Available = true;
    }

    /// <summary>
    /// The libgomp mapped into this process from <paramref name="maps"/> (/proc/self/maps): the one beside libtorch_cpu
    /// when there are several, else the first; null when none is loaded.
    /// </summary>
    public static string? FindLibgomp(string maps)
    {
        var files = maps.Split('\n').Select(l => l.IndexOf('/') is var i and >= 0 ? l[i..].Trim() : null)
            .OfType<string>().Distinct().ToList();
        var gomp = files.Where(f => Path.GetFileName(f).StartsWith("libgomp", StringComparison.Ordinal)).ToList();
        var torchDir = files.Where(f => Path.GetFileName(f).StartsWith("libtorch_cpu", StringComparison.Ordinal)).Select(Path.GetDirectoryName).FirstOrDefault();
        return gomp.FirstOrDefault(f => Path.GetDirectoryName(f) == torchDir) ?? gomp.FirstOrDefault();
    }

    /// <summary>
    /// Runs body(part, i0, i1) for the <paramref name="parts"/> contiguous ranges of [0, items) in one OpenMP region of
    /// up to <paramref name="parts"/> threads (each thread takes every n-th part when the team is smaller). The first
    /// exception a part throws is rethrown here once the region has ended.
    /// </summary>
    public static void For(int parts, long items, Action<int, long, long> body)
    {
        if (!Available) throw new InvalidOperationException("no OpenMP runtime of libtorch's is loaded in this process");
        var job = new Job(body, parts, items);
        var handle = GCHandle.Alloc(job);
        try { parallel(&Run, GCHandle.ToIntPtr(handle), (uint)parts, 0); }
        finally { handle.Free(); }
        if (job.Error is not null) ExceptionDispatchInfo.Throw(job.Error);
    }

    [UnmanagedCallersOnly]
    static void Run(nint data)
    {
        var job = (Job)GCHandle.FromIntPtr(data).Target!;
        int t = threadNum(), n = Math.Max(1, numThreads());
        try
        {
            for (int p = t; p < job.Parts; p += n)
                job.Body(p, job.Items * p / job.Parts, job.Items * (p + 1) / job.Parts);
        }
        catch (Exception e) { Interlocked.CompareExchange(ref job.Error, e, null); }     // never unwind into native code
    }

    sealed class Job(Action<int, long, long> body, int parts, long items)
    {
        public readonly Action<int, long, long> Body = body;
        public readonly int Parts = parts;
        public readonly long Items = items;
        public Exception? Error;
    }
}
