using System.Diagnostics;
using System.Text.Json.Nodes;
using SharpTune.Core.Native;

namespace SharpTune.Cli.Tests.Commands;

/// <summary>The real process restarts itself with tcmalloc when it is installed, and keeps glibc's malloc when told to.</summary>
[Collection("cli")]
public sealed class MallocRestartTests
{
    static JsonNode Bench(string? setting)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "sharptune.dll"), "bench", "--config", "tiny", "--mode", "lora",
                                  "--seq-len", "8", "--batch", "1", "--steps", "1", "--warmup", "0" })
            psi.ArgumentList.Add(a);
        psi.Environment.Remove(MallocPreload.DoneVariable);
        psi.Environment.Remove("LD_PRELOAD");
        if (setting is null) psi.Environment.Remove(MallocPreload.SettingVariable); else psi.Environment[MallocPreload.SettingVariable] = setting;
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err.Result);
        return JsonNode.Parse(output.Trim().Split('\n')[^1])!;
    }

    [Fact]
    public void Bench_runs_with_tcmalloc_when_installed_and_with_glibc_under_system()
    {
        if (!OperatingSystem.IsLinux()) return;
        var restarted = Bench(null);
        Assert.Equal(MallocPreload.FindLibrary() is null ? "glibc" : "tcmalloc", (string)restarted["malloc"]!);
        Assert.Equal("openmp", (string)restarted["kernel_threads"]!);                         // the kernels found libtorch's libgomp after the restart too
        Assert.Equal("glibc", (string)Bench("system")["malloc"]!);
    }

    [Fact]
    public void An_unknown_setting_stops_before_any_work_with_the_variable_named()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "sharptune.dll"), "bench", "--config", "tiny" }) psi.ArgumentList.Add(a);
        psi.Environment[MallocPreload.SettingVariable] = "hoard";
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(1, p.ExitCode);
        Assert.Contains("SHARPTUNE_MALLOC='hoard' is not one of auto, tcmalloc, system", err);
    }
}
