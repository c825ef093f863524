using SharpTune.Text.Tokenization;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>Broken tokenizer files fail with a message naming the file and the key.</summary>
public sealed class MalformedTokenizerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sharptune-bad-" + Guid.NewGuid().ToString("N"));

    public MalformedTokenizerTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Valid = """
        {"version":"1.0","added_tokens":[],"normalizer":null,"pre_tokenizer":PRE,"post_processor":null,"decoder":null,
         "model":{"type":"MODEL","vocab":{"a":0,"b":1,"ab":2},"merges":MERGES}}
        """;

    private static string Json(string model = "BPE", string merges = "[\"a b\"]", string pre = "null") =>
        Valid.Replace("MODEL", model).Replace("MERGES", merges).Replace("PRE", pre);

    private TokenizerFormatException LoadFails(string json)
    {
        var path = Path.Combine(_dir, "tokenizer.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<TokenizerFormatException>(() => Tokenizer.Load(path));
        Assert.Contains("tokenizer.json", e.Message);
        return e;
    }

    [Fact]
    public void A_valid_minimal_file_loads_and_merges()
    {
        var path = Path.Combine(_dir, "tokenizer.json");
        File.WriteAllText(path, Json());
        Assert.Equal([2, 0], Tokenizer.Load(path).Encode("aba").Ids);
    }

    [Fact]
    public void Unknown_model_type_names_the_key() =>
        Assert.Contains("$.model.type", LoadFails(Json(model: "WordPiece")).Message);

    [Fact]
    public void Merge_with_missing_token_names_the_merge() =>
        Assert.Contains("$.model.merges[1]", LoadFails(Json(merges: "[\"a b\", \"a z\"]")).Message);

    [Fact]
    public void Bad_regex_names_the_pattern()
    {
        var e = LoadFails(Json(pre: """{"type":"Split","pattern":{"Regex":"(unclosed"},"behavior":"Isolated","invert":false}"""));
        Assert.Contains("$.pre_tokenizer.pattern.Regex", e.Message);
    }

    [Fact]
    public void Truncated_json_is_reported_with_its_position()
    {
        var e = LoadFails(Json()[..60]);
        Assert.Contains("invalid JSON", e.Message);
    }

    [Fact]
    public void Unknown_pre_tokenizer_is_rejected() =>
        Assert.Contains("$.pre_tokenizer.type", LoadFails(Json(pre: """{"type":"Fancy"}""")).Message);

    [Fact]
    public void Truncated_sentencepiece_model_names_the_file()
    {
        var path = Path.Combine(_dir, "broken.model");
        File.WriteAllBytes(path, File.ReadAllBytes(TokenizerFixtures.SentencePieceModel)[..500]);
        var e = Assert.Throws<TokenizerFormatException>(() => Tokenizer.Load(path));
        Assert.Contains("broken.model", e.Message);
    }

    [Fact]
    public void Gzipped_json_loads()
    {
        var path = Path.Combine(_dir, "tokenizer.json.gz");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Fastest))
        using (var w = new StreamWriter(gz)) w.Write(Json());
        Assert.Equal([2], Tokenizer.Load(_dir).Encode("ab").Ids);
    }
}
