using SharpTune.Text.Tokenization.Training;

namespace SharpTune.Text.Tests.Tokenization.Training;

/// <summary>Fixture text and temporary folders shared by the training tests.</summary>
internal static class TrainingFixtures
{
    public static string DataPath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "data", name);

    /// <summary>The fixture's lines split into (train, held-out): every 10th line is held out.</summary>
    public static (List<string> Train, List<string> HeldOut) Split(string name)
    {
        var lines = File.ReadAllLines(DataPath(name));
        var train = lines.Where((_, i) => i % 10 != 0).ToList();
        var held = lines.Where((_, i) => i % 10 == 0).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        return (train, held);
    }

    /// <summary>This test run's scratch folder, deleted when the test process exits.</summary>
    private static readonly Lazy<string> RunRoot = new(() =>
    {
        string root = Path.Combine(Path.GetTempPath(), "sharptune-tests", $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a leftover temp folder is harmless
            }
        };
        return root;
    });

    public static string TempDir()
    {
        string dir = Path.Combine(RunRoot.Value, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Trains and saves into a fresh folder; returns the folder.</summary>
    public static string TrainToDir(IReadOnlyList<string> lines, BpeTrainerOptions options)
    {
        string dir = TempDir();
        BpeTrainer.Save(BpeTrainer.Train(lines, options), dir);
        return dir;
    }

    /// <summary>Loads tokenizer.json with the Rust tokenizers library (Tokenizers.DotNet).</summary>
    public static Tokenizers.DotNet.Tokenizer LoadRust(string dir) => new(vocabPath: Path.Combine(dir, "tokenizer.json"));

    /// <summary>
    /// Loads both tokenizers with Rust, asserts the unchanged texts encode identically and the expanded tokenizer
    /// round-trips the new-language lines; returns the new-language token counts (base, expanded).
    /// </summary>
    public static (int Base, int Expanded) CompareExpansion(string baseDir, string outDir, IEnumerable<string> unchanged, IEnumerable<string> newLanguage)
    {
        var before = LoadRust(baseDir);
        var after = LoadRust(outDir);
        foreach (var line in unchanged) Assert.Equal(before.Encode(line), after.Encode(line));
        int baseCount = 0, expandedCount = 0;
        foreach (var line in newLanguage)
        {
            var ids = after.Encode(line);
            Assert.Equal(line, after.Decode(ids));
            baseCount += before.Encode(line).Length;
            expandedCount += ids.Length;
        }

        return (baseCount, expandedCount);
    }
}
