namespace SharpTune.Core.Tests;

/// <summary>Locates the repository and its test fixtures (overridable per area with an environment variable).</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d != null && !File.Exists(Path.Combine(d.FullName, "SharpTune.sln"))) d = d.Parent;
        return d?.FullName ?? throw new DirectoryNotFoundException("SharpTune.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>tests/Fixtures/<paramref name="area"/>, or the folder named by <paramref name="envVar"/> when set.</summary>
    public static string Fixtures(string area, string envVar) =>
        Environment.GetEnvironmentVariable(envVar) is { Length: > 0 } over ? over : Path.Combine(RepoRoot, "tests", "Fixtures", area);

    public static string HfFixtures => Fixtures("hf", "SHARPTUNE_HF_FIXTURES");

    /// <summary>A fresh temporary folder, deleted by the caller's `using`.</summary>
    public static TempDir NewTempDir() => new();
}

internal sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sharptune-test-" + Guid.NewGuid().ToString("N"));
    public TempDir() => Directory.CreateDirectory(Path);
    public void Dispose()
    {
        try { Directory.Delete(Path, true); } catch (IOException) { }
    }
}
