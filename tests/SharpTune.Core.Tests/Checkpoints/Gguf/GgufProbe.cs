using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SharpTune.Core.Tests.Checkpoints.Gguf;

/// <summary>
/// Runs tests/SharpTune.GgufProbe (llama.cpp through LLamaSharp 0.30.0) as a child process on a GGUF file and returns its
/// JSON answer. The probe is built with this test project (a ProjectReference that is never loaded here).
/// </summary>
internal static class GgufProbe
{
    public static string Executable { get; } = Find();

    static string Find()
    {
        string config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string bin = Path.Combine(TestPaths.RepoRoot, "tests", "SharpTune.GgufProbe", "bin");
        var candidates = new[] { config, config == "Debug" ? "Release" : "Debug" }
            .Select(c => Path.Combine(bin, c, "net10.0", "SharpTune.GgufProbe.dll"))
            .Where(File.Exists).ToList();
        return candidates.FirstOrDefault()
            ?? throw new FileNotFoundException($"SharpTune.GgufProbe.dll not found under {bin}; build tests/SharpTune.GgufProbe (dotnet build SharpTune.sln does)");
    }

    public static JsonObject Run(JsonObject request)
    {
        string dir = Path.Combine(Path.GetTempPath(), "sharptune-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string req = Path.Combine(dir, "request.json"), resp = Path.Combine(dir, "response.json");
            File.WriteAllText(req, request.ToJsonString());
            var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
            {
                RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            };
            foreach (var a in new[] { Executable, req, resp }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("SharpTune.GgufProbe did not finish in 120 s"); }
            if (p.ExitCode != 0) throw new InvalidOperationException($"SharpTune.GgufProbe exited with {p.ExitCode}: {stderr.Result}{stdout.Result}");
            return JsonNode.Parse(File.ReadAllText(resp))!.AsObject();
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    public static int[] Ints(JsonNode? array) => array!.AsArray().Select(x => x!.GetValue<int>()).ToArray();
}
