using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using SharpTune.Text.Tokenization;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>Locates tests/Fixtures and loads each fixture tokenizer once per test run.</summary>
internal static class TokenizerFixtures
{
    private static readonly ConcurrentDictionary<string, Lazy<Tokenizer>> Loaded = new();
    private static readonly Lazy<JsonDocument> ExpectedDoc = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(TokenizersDir, "expected.json"))));

    public static string RepoFixtures
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SharpTune.sln"))) dir = dir.Parent;
            return dir is null
                ? throw new DirectoryNotFoundException("SharpTune.sln not found above " + AppContext.BaseDirectory)
                : Path.Combine(dir.FullName, "tests", "Fixtures");
        }
    }

    /// <summary>The tokenizer fixtures folder (env SHARPTUNE_TOKENIZER_FIXTURES overrides).</summary>
    public static string TokenizersDir =>
        Environment.GetEnvironmentVariable("SHARPTUNE_TOKENIZER_FIXTURES") is { Length: > 0 } env ? env : Path.Combine(RepoFixtures, "tokenizers");

    public static string SentencePieceModel => Path.Combine(RepoFixtures, "sentencepiece", "tok512.model");

    public static JsonElement Expected => ExpectedDoc.Value.RootElement.GetProperty("tokenizers");

    /// <summary>Tokenizer folder names present both on disk and in expected.json.</summary>
    public static IEnumerable<string> Names => Expected.EnumerateObject().Select(p => p.Name)
        .Where(n => Directory.Exists(Path.Combine(TokenizersDir, n))).Order(StringComparer.Ordinal);

    /// <summary>Theory data: one case per fixture tokenizer.</summary>
    public static TheoryData<string> NameData() => new(Names);

    public static Tokenizer Get(string name) =>
        Loaded.GetOrAdd(name, n => new Lazy<Tokenizer>(() => Tokenizer.Load(Path.Combine(TokenizersDir, n)))).Value;

    /// <summary>A plain tokenizer.json path for the Rust wrapper (decompressed into a temp folder if gzipped).</summary>
    public static string PlainJson(string name)
    {
        var dir = Path.Combine(TokenizersDir, name);
        var plain = Path.Combine(dir, "tokenizer.json");
        if (File.Exists(plain)) return plain;
        var temp = Path.Combine(Path.GetTempPath(), "sharptune-tok-fixtures", name);
        Directory.CreateDirectory(temp);
        var target = Path.Combine(temp, "tokenizer.json");
        if (!File.Exists(target))
        {
            var part = target + "." + Guid.NewGuid().ToString("N");
            using (var gz = new GZipStream(File.OpenRead(plain + ".gz"), CompressionMode.Decompress))
            using (var fs = File.Create(part)) gz.CopyTo(fs);
            File.Move(part, target, overwrite: true);
        }
        return target;
    }
}
