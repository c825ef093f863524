using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using SharpTune.Core.Benchmarking;

namespace SharpTune.Cli;

/// <summary>
/// Runs `sharptune bench` in a child process and returns its JSON: each calibrated configuration gets a process of its
/// own, so its peak RSS (VmHWM) is its own and not the largest of all runs so far.
/// </summary>
internal static class BenchProcess
{
    public static IReadOnlyDictionary<string, object?> Run(BenchOptions o)
    {
        var ci = CultureInfo.InvariantCulture;
        var args = new List<string>
        {
            "bench", "--config", o.Config, "--mode", o.Mode, "--dtype", o.Dtype, "--seq-len", o.SeqLen.ToString(ci), "--batch", o.Batch.ToString(ci),
            "--steps", o.Steps.ToString(ci), "--warmup", o.Warmup.ToString(ci), "--lora-rank", o.LoraRank.ToString(ci), "--lora-targets", o.LoraTargets,
            "--prompt-len", o.PromptLen.ToString(ci), "--new-tokens", o.NewTokens.ToString(ci), "--threads", o.Threads.ToString(ci),
        };
        var psi = SelfStart();
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {psi.FileName} bench");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        string? line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'));
        if (p.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"`sharptune {string.Join(' ', args)}` failed (exit {p.ExitCode}): {stderr.Result.Trim()}");
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.EnumerateObject().ToDictionary(e => e.Name, e => (object?)(e.Value.ValueKind == JsonValueKind.Null ? null : e.Value.Clone()));
    }

    /// <summary>This program again: the apphost itself, or `dotnet sharptune.dll` when run through the dotnet host.</summary>
    static ProcessStartInfo SelfStart()
    {
        string exe = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this program is unknown");
        var psi = new ProcessStartInfo(exe) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet")
        {
            string dll = Assembly.GetEntryAssembly()?.Location is { Length: > 0 } l && Path.GetFileNameWithoutExtension(l) == "sharptune"
                ? l : Path.Combine(AppContext.BaseDirectory, "sharptune.dll");
            psi.ArgumentList.Add(dll);
        }
        return psi;
    }
}
