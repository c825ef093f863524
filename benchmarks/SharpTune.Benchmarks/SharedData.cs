namespace SharpTune.Benchmarks;

/// <summary>The shared/data folder beside the checkout: found above the working directory or the binaries.</summary>
internal static class SharedData
{
    /// <summary>shared/data/NAME, or an error that says to pass the path.</summary>
    public static string Find(string name)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data", name);
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException($"No shared/data/{name} above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}; pass its path as the first argument.");
    }
}
