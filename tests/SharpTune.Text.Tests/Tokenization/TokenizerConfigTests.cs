using System.Text.Json.Nodes;
using SharpTune.Text.Tokenization;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>tokenizer_config.json settings that change encoding and decoding.</summary>
public sealed class TokenizerConfigTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sharptune-config-" + Guid.NewGuid().ToString("N"));

    public TokenizerConfigTests()
    {
        Directory.CreateDirectory(_dir);
        var fixture = Path.Combine(TokenizerFixtures.RepoFixtures, "tokenizers", "llama2");
        File.Copy(Path.Combine(fixture, "tokenizer.json.gz"), Path.Combine(_dir, "tokenizer.json.gz"));
        File.Copy(Path.Combine(fixture, "tokenizer_config.json"), Path.Combine(_dir, "tokenizer_config.json"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void EditConfig(Action<JsonObject> edit)
    {
        var path = Path.Combine(_dir, "tokenizer_config.json");
        var config = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
        edit(config);
        File.WriteAllText(path, config.ToJsonString());
    }

    [Fact]
    public void Llama_add_eos_token_appends_eos_like_transformers()
    {
        EditConfig(c => c["add_eos_token"] = true);
        var ids = Tokenizer.Load(_dir).Encode("Hello").Ids;
        Assert.Equal(1, ids[0]);
        Assert.Equal(2, ids[^1]);
    }

    [Fact]
    public void Llama_add_bos_token_false_drops_bos()
    {
        EditConfig(c => c["add_bos_token"] = false);
        var tok = Tokenizer.Load(_dir);
        Assert.Equal(tok.Encode("Hello", addSpecialTokens: false).Ids, tok.Encode("Hello").Ids);
    }

    [Fact]
    public void Clean_up_tokenization_spaces_applies_to_default_decode_only()
    {
        EditConfig(c => c["clean_up_tokenization_spaces"] = true);
        var tok = Tokenizer.Load(_dir);
        var ids = tok.Encode("Hi , you 're here .", addSpecialTokens: false).Ids;
        Assert.Equal("Hi, you're here.", tok.Decode(ids));
        Assert.Equal("Hi , you 're here .", tok.Decode(ids, cleanUpSpaces: false));
    }

    [Fact]
    public void Special_tokens_map_supplies_missing_tokens()
    {
        EditConfig(c => c.Remove("eos_token"));
        Assert.Null(Tokenizer.Load(_dir).EosId);
        File.WriteAllText(Path.Combine(_dir, "special_tokens_map.json"), """{"eos_token":{"content":"</s>","lstrip":false}}""");
        Assert.Equal(2, Tokenizer.Load(_dir).EosId);
    }

    [Fact]
    public void Bad_flag_names_the_file_and_key()
    {
        EditConfig(c => c["add_bos_token"] = "yes");
        var e = Assert.Throws<TokenizerFormatException>(() => Tokenizer.Load(_dir));
        Assert.Contains("tokenizer_config.json", e.Message);
        Assert.Contains("add_bos_token", e.Message);
    }
}
