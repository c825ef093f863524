using System.Text.Json;
using SharpTune.Text.Tokenization;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>The stories260K SentencePiece model loads, converts like LlamaConverter and round-trips text.</summary>
public sealed class SentencePieceModelTests
{
    private static readonly Lazy<Tokenizer> Tok = new(() => Tokenizer.FromSentencePieceModel(TokenizerFixtures.SentencePieceModel));

    [Fact]
    public void Once_upon_a_time_encodes_to_the_pieces_the_model_generates()
    {
        // reference_greedy.json: the model's greedy output starts with ids 403 407 261 378 = "Once upon a time".
        var enc = Tok.Value.Encode("Once upon a time");
        Assert.Equal([1, 403, 407, 261, 378], enc.Ids);
        Assert.Equal(["<s>", "▁Once", "▁upon", "▁a", "▁time"], enc.Tokens);
        Assert.Equal("Once upon a time", Tok.Value.Decode(enc.Ids, skipSpecialTokens: true));
    }

    [Fact]
    public void Special_ids_and_vocab_come_from_the_model()
    {
        Assert.Equal(512, Tok.Value.VocabSize);
        Assert.Equal(1, Tok.Value.BosId);
        Assert.Equal(2, Tok.Value.EosId);
        Assert.Equal(0, Tok.Value.UnkId);
        Assert.Equal("<0x41>", Tok.Value.IdToToken(3 + 0x41));
    }

    [Theory]
    [InlineData("Lily's mom said, \"Let's go to the park.\"\nShe smiled.")]
    [InlineData("  two leading spaces and a tab\tand ünïcödé and 中文 and 😀")]
    [InlineData("")]
    public void Decode_of_encode_returns_the_text(string text)
    {
        var ids = Tok.Value.Encode(text, addSpecialTokens: false).Ids;
        Assert.Equal(text, Tok.Value.Decode(ids));
    }

    [Fact]
    public void Unknown_characters_use_byte_fallback_tokens()
    {
        var enc = Tok.Value.Encode("中", addSpecialTokens: false);
        Assert.Equal(["▁", "<0xE4>", "<0xB8>", "<0xAD>"], enc.Tokens);
    }

    [Fact]
    public void Greedy_reference_ids_decode_to_the_reference_text()
    {
        var path = Path.Combine(TokenizerFixtures.RepoFixtures, "sentencepiece", "reference_greedy.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var ids = doc.RootElement.GetProperty("greedy_token_ids").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        Assert.Equal(doc.RootElement.GetProperty("greedy_text").GetString(), Tok.Value.Decode(ids));
    }

    [Fact]
    public void Converted_model_saves_and_reloads_as_tokenizer_json()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sharptune-spm-" + Guid.NewGuid().ToString("N"));
        try
        {
            Tok.Value.Save(dir);
            var reloaded = Tokenizer.Load(dir);
            const string text = "Once upon a time, there was a little girl named Lily.";
            Assert.Equal(Tok.Value.Encode(text).Ids, reloaded.Encode(text).Ids);
            Assert.Equal(1, reloaded.BosId);
            using var rust = new Tokenizers.DotNet.Tokenizer(Path.Combine(dir, "tokenizer.json"));
            RustComparison.AssertSame(reloaded, rust, RandomTextGenerator.Generate(seed: 5, count: 100).Append(text));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
