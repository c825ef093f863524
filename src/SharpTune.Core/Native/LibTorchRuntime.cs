using TorchSharp;

namespace SharpTune.Core.Native;

/// <summary>
/// Makes libtorch loadable before the first TorchSharp call. The build already patches the copied
/// libLibTorchSharp.so (build/LibTorchPatch.targets); this repeats the idempotent check at start-up so a
/// published or hand-copied output works too.
/// </summary>
public static class LibTorchRuntime
{
    static readonly object Gate = new();
    static bool _ready;

    /// <summary>Patches the native library next to TorchSharp if needed, then loads libtorch.</summary>
    public static void EnsureLoaded()
    {
        if (_ready) return;
        lock (Gate)
        {
            if (_ready) return;
            if (OperatingSystem.IsLinux()) PatchNextToTorchSharp();
            torch.InitializeDeviceType(DeviceType.CPU);
            _ready = true;
        }
    }

    static void PatchNextToTorchSharp()
    {
        string baseDir = Path.GetDirectoryName(typeof(torch).Assembly.Location) is { Length: > 0 } d ? d : AppContext.BaseDirectory;
        string? libstdcxx = null;
        foreach (var candidate in new[]
                 {
                     Path.Combine(baseDir, "libLibTorchSharp.so"),
                     Path.Combine(baseDir, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
                 })
        {
            if (!File.Exists(candidate)) continue;
            libstdcxx ??= ElfVersionPatcher.FindSystemLibStdCxx();
            try { ElfVersionPatcher.Patch(candidate, libstdcxx); }
            catch (UnauthorizedAccessException) { /* read-only install: the build-time patch must have run */ }
            catch (IOException) { /* another process is patching the same file; it writes identical bytes */ }
        }
    }
}
