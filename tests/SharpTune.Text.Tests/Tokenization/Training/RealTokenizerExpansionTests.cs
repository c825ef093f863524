using System.IO.Compression;
using System.Text.Json.Nodes;
using SharpTune.Text.Tokenization.Training;

namespace SharpTune.Text.Tests.Tokenization.Training;

/// <summary>
/// Expands the real Llama-2 (metaspace) and Qwen3 (byte-level, added tokens after the vocabulary) tokenizers with
/// a Thai tokenizer we train, and checks the result with the Rust library. Data-driven over every case folder in
/// the tokenizer fixtures (<c>SHARPTUNE_TOKENIZER_FIXTURES</c>, else tests/Fixtures/tokenizers or
/// shared/fixtures/tokenizers found above the test binaries).
/// </summary>
public sealed class RealTokenizerExpansionTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in FixtureRoot() is { } root ? Directory.GetDirectories(root).Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
        {
            if (File.Exists(Path.Combine(dir, "tokenizer.json")) || File.Exists(Path.Combine(dir, "tokenizer.json.gz"))) data.Add(dir);
        }

        if (data.Count == 0) data.Add(""); // no fixtures: the test reports it instead of passing silently
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Expanding_a_real_tokenizer_keeps_ids_and_English_encodes_and_shortens_Thai(string caseDir)
    {
        Assert.False(caseDir.Length == 0, "tokenizer fixtures not found: set SHARPTUNE_TOKENIZER_FIXTURES");
        string baseDir = TrainingFixtures.TempDir();
        File.WriteAllText(Path.Combine(baseDir, "tokenizer.json"), ReadTokenizerJson(caseDir));
        var baseModel = TokenizerJsonModel.Load(Path.Combine(baseDir, "tokenizer.json"));
        var kind = baseModel.Flavor == VocabFlavor.ByteLevel ? BpeModelKind.ByteLevel : BpeModelKind.Metaspace;
        var (thai, thaiHeld) = TrainingFixtures.Split("thai_slice.txt");
        string addDir = TrainingFixtures.TrainToDir(thai, new BpeTrainerOptions { VocabSize = 3000, Kind = kind });
        string outDir = TrainingFixtures.TempDir();

        var report = VocabularyExpander.Expand(caseDir, addDir, outDir);                 // reads tokenizer.json.gz directly

        Assert.True(report.Count > 0);
        Assert.Equal(baseModel.MaxId + 1, report.FirstId);
        var merged = TokenizerJsonModel.Load(Path.Combine(outDir, "tokenizer.json"));
        Assert.All(baseModel.Vocab, kv => Assert.Equal(kv.Value, merged.Vocab[kv.Key]));
        Assert.Equal(baseModel.AddedTokens, merged.AddedTokens);
        Assert.Equal(baseModel.Merges, merged.Merges.Take(baseModel.Merges.Count));

        var (_, englishHeld) = TrainingFixtures.Split("english_slice.txt");
        var unchanged = englishHeld.Append("def f(x):\n    return x ** 2  # code stays the same").Concat(baseModel.AddedTokens.Select(t => t.Content));
        var (baseThai, expandedThai) = TrainingFixtures.CompareExpansion(baseDir, outDir, unchanged, thaiHeld);
        Assert.True(expandedThai < baseThai, $"{Path.GetFileName(caseDir)}: Thai tokens base {baseThai}, expanded {expandedThai}");
    }

    private static string ReadTokenizerJson(string dir)
    {
        string plain = Path.Combine(dir, "tokenizer.json");
        if (File.Exists(plain)) return File.ReadAllText(plain);
        using var gz = new GZipStream(File.OpenRead(plain + ".gz"), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        return reader.ReadToEnd();
    }

    private static string? FixtureRoot()
    {
        if (Environment.GetEnvironmentVariable("SHARPTUNE_TOKENIZER_FIXTURES") is { Length: > 0 } env) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "tests", "Fixtures", "tokenizers"), Path.Combine(dir.FullName, "shared", "fixtures", "tokenizers") })
            {
                if (Directory.Exists(candidate)) return candidate;
            }
        }

        return null;
    }
}
