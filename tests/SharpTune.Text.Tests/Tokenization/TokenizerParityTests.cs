using System.Text.Json;
using SharpTune.Text.Tokenization;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>Every fixture tokenizer × text must match the Rust `tokenizers` output in expected.json.</summary>
[Trait("Category", "TokenizerParity")]
public sealed class TokenizerParityTests
{
    private static readonly Dictionary<string, string> Texts = JsonDocument.Parse(File.ReadAllText(Path.Combine(TokenizerFixtures.TokenizersDir, "texts.json")))
        .RootElement.GetProperty("texts").EnumerateArray()
        .ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("text").GetString()!);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in TokenizerFixtures.Names)
        {
            foreach (var c in TokenizerFixtures.Expected.GetProperty(name).GetProperty("cases").EnumerateObject()) data.Add(name, c.Name);
        }
        return data;
    }

    private static JsonElement Case(string tokenizer, string id) =>
        TokenizerFixtures.Expected.GetProperty(tokenizer).GetProperty("cases").GetProperty(id);

    private static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encoding_matches_rust_tokenizers(string tokenizer, string caseId)
    {
        var tok = TokenizerFixtures.Get(tokenizer);
        var expected = Case(tokenizer, caseId);
        var text = Texts[caseId];

        var noSpecial = tok.Encode(text, addSpecialTokens: false);
        Assert.Equal(Ints(expected.GetProperty("ids_no_special")), noSpecial.Ids);
        Assert.Equal(expected.GetProperty("tokens_no_special").EnumerateArray().Select(x => x.GetString()), noSpecial.Tokens);
        Assert.Equal(Ints(expected.GetProperty("ids_with_special")), tok.Encode(text).Ids);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decoding_matches_rust_tokenizers(string tokenizer, string caseId)
    {
        var tok = TokenizerFixtures.Get(tokenizer);
        var expected = Case(tokenizer, caseId);
        var noSpecial = Ints(expected.GetProperty("ids_no_special"));

        Assert.Equal(expected.GetProperty("decode_raw").GetString(), tok.Decode(noSpecial, cleanUpSpaces: false));
        Assert.Equal(expected.GetProperty("decode_default").GetString(), tok.Decode(noSpecial));
        Assert.Equal(expected.GetProperty("decode_skip_special").GetString(),
            tok.Decode(Ints(expected.GetProperty("ids_with_special")), skipSpecialTokens: true, cleanUpSpaces: false));
    }

    [Theory]
    [MemberData(nameof(TokenizerFixtures.NameData), MemberType = typeof(TokenizerFixtures))]
    public void Vocabulary_size_and_special_ids_match(string tokenizer)
    {
        var tok = TokenizerFixtures.Get(tokenizer);
        var info = TokenizerFixtures.Expected.GetProperty(tokenizer);
        Assert.Equal(info.GetProperty("vocab_size_with_added").GetInt32(), tok.VocabSize);
        Assert.Equal(info.GetProperty("eos_token_id").ValueKind == JsonValueKind.Null ? null : info.GetProperty("eos_token_id").GetInt32(), tok.EosId);
        Assert.Equal(info.GetProperty("bos_token_id").ValueKind == JsonValueKind.Null ? null : info.GetProperty("bos_token_id").GetInt32(), tok.BosId);
    }

}
