// libtorch allocates every CPU tensor with malloc. glibc's malloc keeps the freed activation-sized blocks of a
// training step in one heap, where blocks that stay alive (saved activations) split the free space into holes that the
// next layer's tensors do not fit, so the heap ends up near twice what is live (small LoRA fp32: 956 MB of heap for a
// peak of 535 MB in use). tcmalloc (gperftools) serves these sizes from page spans that merge again when freed: same
// speed, 14–33 % less peak memory (benchmarks/README.md). As PyTorch's CPU launcher (torch.backends.xeon.run_cpu)
// does, the command line therefore restarts itself once with tcmalloc preloaded when the library is installed
// (Debian: libtcmalloc-minimal4). SHARPTUNE_MALLOC=system keeps glibc's malloc.
using System.Runtime.InteropServices;
using System.Text;

namespace SharpTune.Core.Native;

/// <summary>Chooses the process's malloc: tcmalloc, preloaded through one restart of the process, or the system's.</summary>
public static class MallocPreload
{
    /// <summary>The setting: <c>auto</c> (default: tcmalloc when installed), <c>tcmalloc</c> (required), <c>system</c>.</summary>
    public const string SettingVariable = "SHARPTUNE_MALLOC";

    /// <summary>Set on the restarted process (to the preloaded library), so that it never restarts again.</summary>
    public const string DoneVariable = "SHARPTUNE_MALLOC_PRELOADED";

    /// <summary>Library names tried, in order, in <see cref="LibraryDirectories"/>.</summary>
    public static readonly string[] LibraryNames = ["libtcmalloc_minimal.so.4", "libtcmalloc.so.4"];

    public static readonly string[] LibraryDirectories =
        ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"];

    /// <summary>The first tcmalloc library present, or null.</summary>
    public static string? FindLibrary(IEnumerable<string>? directories = null)
    {
        foreach (var dir in directories ?? LibraryDirectories)
            foreach (var name in LibraryNames)
            {
                var path = Path.Combine(dir, name);
                if (File.Exists(path)) return path;
            }
        return null;
    }

    /// <summary>The allocator this process runs with, from its mapped libraries: "tcmalloc", "jemalloc" or "glibc".</summary>
    public static string Current(string? mapsText = null)
    {
        if (mapsText is null)
        {
            if (!OperatingSystem.IsLinux()) return "system";
            try { mapsText = File.ReadAllText("/proc/self/maps"); } catch (IOException) { return "unknown"; }
        }
        if (mapsText.Contains("libtcmalloc", StringComparison.Ordinal)) return "tcmalloc";
        if (mapsText.Contains("libjemalloc", StringComparison.Ordinal)) return "jemalloc";
        return "glibc";
    }

    /// <summary>
    /// The library to preload by restarting, or null to go on as is: when the setting is <c>system</c>, when this process
    /// is already the restarted one, when LD_PRELOAD already names a malloc, or when no library was found (an error
    /// under the setting <c>tcmalloc</c>).
    /// </summary>
    public static string? Plan(string? setting, string? done, string? ldPreload, string? found)
    {
        string s = string.IsNullOrWhiteSpace(setting) ? "auto" : setting.Trim().ToLowerInvariant();
        if (s is not ("auto" or "tcmalloc" or "system"))
            throw new ArgumentException($"{SettingVariable}='{setting}' is not one of auto, tcmalloc, system");
        if (s == "system" || !string.IsNullOrEmpty(done)) return null;
        if (ldPreload is not null && ldPreload.Contains("malloc", StringComparison.Ordinal)) return null;  // the user chose one
        if (found is null && s == "tcmalloc")
            throw new InvalidOperationException($"{SettingVariable}=tcmalloc, but none of {string.Join(", ", LibraryNames)} is in "
                + $"{string.Join(", ", LibraryDirectories)} (Debian / Ubuntu: apt install libtcmalloc-minimal4)");
        return found;
    }

    /// <summary>The restarted process's environment: this one's, with the library first in LD_PRELOAD and the guard set.</summary>
    public static List<string> RestartEnvironment(System.Collections.IDictionary current, string library)
    {
        var env = new List<string>();
        string? preload = null;
        foreach (System.Collections.DictionaryEntry e in current)
        {
            var key = (string)e.Key;
            if (key == "LD_PRELOAD") { preload = e.Value as string; continue; }
            if (key == DoneVariable) continue;
            env.Add($"{key}={e.Value}");
        }
        env.Add("LD_PRELOAD=" + (string.IsNullOrWhiteSpace(preload) ? library : library + ":" + preload));
        env.Add($"{DoneVariable}={library}");
        return env;
    }

    /// <summary>
    /// On Linux, replaces this process (same pid, same arguments, same open files) by itself with tcmalloc preloaded, as
    /// <see cref="Plan"/> decides; returns only when it does not (not Linux, nothing to do, or execve failed).
    /// Call first thing in Main, before any thread or console state exists that the new image would not inherit.
    /// </summary>
    public static void RestartIfUseful()
    {
        if (!OperatingSystem.IsLinux()) return;
        string? library = Plan(System.Environment.GetEnvironmentVariable(SettingVariable), System.Environment.GetEnvironmentVariable(DoneVariable),
            System.Environment.GetEnvironmentVariable("LD_PRELOAD"), FindLibrary());
        if (library is null) return;
        string[] argv;
        try { argv = Arguments(File.ReadAllBytes("/proc/self/cmdline")); }
        catch (IOException) { return; }
        var envp = RestartEnvironment(System.Environment.GetEnvironmentVariables(), library);
        execve("/proc/self/exe", [.. argv, null], [.. envp, null]);                        // returns only on failure
    }

    /// <summary>argv from /proc/self/cmdline: each argument ends with a NUL, and empty arguments are kept.</summary>
    public static string[] Arguments(byte[] cmdline)
    {
        var text = Encoding.UTF8.GetString(cmdline);
        if (text.EndsWith('\0')) text = text[..^1];
        return text.Split('\0');
    }

    [DllImport("libc", SetLastError = true)]
    static extern int execve(string path, string?[] argv, string?[] envp);
}
