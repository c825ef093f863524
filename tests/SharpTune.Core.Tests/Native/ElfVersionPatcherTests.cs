using System.Text;
using SharpTune.Core.Native;

namespace SharpTune.Core.Tests.Native;

/// <summary>The build-time patch of libLibTorchSharp.so: parsed back from the ELF it produced.</summary>
public sealed class ElfVersionPatcherTests
{
    static string OutputLibrary()
    {
        var dir = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location)!;
        foreach (var p in new[] { Path.Combine(dir, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"), Path.Combine(dir, "libLibTorchSharp.so") })
            if (File.Exists(p)) return p;
        throw new FileNotFoundException("libLibTorchSharp.so not found next to TorchSharp.dll in " + dir);
    }

    static string? PackageLibrary()
    {
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } np ? np
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string p = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        return File.Exists(p) ? p : null;
    }

    [Fact]
    public void The_built_library_needs_no_GLIBCXX_version_the_system_lacks_except_as_weak()
    {
        if (!OperatingSystem.IsLinux()) return;
        string lib = OutputLibrary();
        var needs = ElfVersionPatcher.ReadVersionNeeds(File.ReadAllBytes(lib), lib);
        Assert.Contains(needs, n => n.File.StartsWith("libstdc++", StringComparison.Ordinal));
        string sys = ElfVersionPatcher.FindSystemLibStdCxx()!;
        var available = ElfVersionPatcher.ReadVersionDefinitions(File.ReadAllBytes(sys), sys);
        Assert.Contains("GLIBCXX_3.4", available);
        var missing = needs.Where(n => n.File.StartsWith("libstdc++", StringComparison.Ordinal) && !available.Contains(n.Version)).ToList();
        Assert.All(missing, n => Assert.True(n.IsWeak, $"{n.Version} is needed, missing from {sys}, and not weak"));
    }

    [Fact]
    public void Patching_a_pristine_copy_weakens_only_the_missing_version_and_is_idempotent()
    {
        string? original = PackageLibrary();
        if (original is null) return;                    // NuGet cache elsewhere: the output-library test still runs
        using var dir = TestPaths.NewTempDir();
        string copy = Path.Combine(dir.Path, "libLibTorchSharp.so");
        File.Copy(original, copy);
        var before = ElfVersionPatcher.ReadVersionNeeds(File.ReadAllBytes(copy), copy);
        var target = before.Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.False(target.IsWeak);

        Assert.Equal(ElfPatchOutcome.Patched, ElfVersionPatcher.Patch(copy, systemLibStdCxx: null));
        var after = ElfVersionPatcher.ReadVersionNeeds(File.ReadAllBytes(copy), copy);
        Assert.True(after.Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
        Assert.Equal(before.Where(n => n.Version != "GLIBCXX_3.4.32").Select(n => n.Flags), after.Where(n => n.Version != "GLIBCXX_3.4.32").Select(n => n.Flags));
        var bytes = File.ReadAllBytes(copy);
        Assert.Equal(ElfPatchOutcome.AlreadyPatched, ElfVersionPatcher.Patch(copy, systemLibStdCxx: null));
        Assert.Equal(bytes, File.ReadAllBytes(copy));
    }

    [Fact]
    public void Patching_is_a_no_op_when_the_system_libstdcxx_defines_the_version()
    {
        string? original = PackageLibrary();
        string? sys = ElfVersionPatcher.FindSystemLibStdCxx();
        if (original is null || sys is null) return;
        using var dir = TestPaths.NewTempDir();
        // A libstdc++ that defines GLIBCXX_3.4.32: the system one with an older version name renamed in place.
        var libstdcxx = File.ReadAllBytes(sys);
        var newer = Encoding.ASCII.GetBytes("GLIBCXX_3.4.32\0");
        if (libstdcxx.AsSpan().IndexOf(newer) < 0)
        {
            int at = new[] { "GLIBCXX_3.4.31\0", "GLIBCXX_3.4.30\0" }
                .Select(v => libstdcxx.AsSpan().IndexOf(Encoding.ASCII.GetBytes(v))).FirstOrDefault(i => i >= 0, -1);
            Assert.True(at >= 0, "system libstdc++ defines none of GLIBCXX_3.4.30–32");
            newer.CopyTo(libstdcxx, at);
        }
        string fakeSys = Path.Combine(dir.Path, "libstdc++.so.6");
        File.WriteAllBytes(fakeSys, libstdcxx);
        string copy = Path.Combine(dir.Path, "libLibTorchSharp.so");
        File.Copy(original, copy);
        var bytes = File.ReadAllBytes(copy);
        Assert.Equal(ElfPatchOutcome.NotNeeded, ElfVersionPatcher.Patch(copy, fakeSys));
        Assert.Equal(bytes, File.ReadAllBytes(copy));
    }

    [Fact]
    public void A_truncated_elf_is_an_error_not_a_crash()
    {
        string? original = PackageLibrary() ?? OutputLibrary();
        var bytes = File.ReadAllBytes(original)[..4096];
        Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.ReadVersionNeeds(bytes, "truncated.so"));
    }
}
