using SharpTune.Text.Tokenization;
using RustTokenizer = Tokenizers.DotNet.Tokenizer;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>Tokens added in .NET get Rust's ids and match the same way once saved and read by Rust.</summary>
public sealed class AddedTokensTests
{
    [Fact]
    public void Added_tokens_get_next_ids_and_survive_save_for_rust()
    {
        var baseTok = TokenizerFixtures.Get("qwen3");
        var tok = baseTok.WithAddedTokens(
        [
            new AddedToken(0, "<|tool|>", Special: true),
            new AddedToken(0, "SharpTune", Normalized: true, Special: false),
            new AddedToken(0, "Hello", Special: false),
        ]);
        Assert.Equal(baseTok.VocabSize + 2, tok.VocabSize);
        Assert.Equal(baseTok.VocabSize, tok.TokenToId("<|tool|>"));
        Assert.Equal(baseTok.TokenToId("Hello"), tok.TokenToId("Hello"));
        Assert.Equal([tok.TokenToId("<|tool|>")!.Value, tok.TokenToId("SharpTune")!.Value], tok.Encode("<|tool|>SharpTune").Ids);
        Assert.Equal("SharpTune", tok.Decode(tok.Encode("<|tool|>SharpTune").Ids, skipSpecialTokens: true));

        var dir = Path.Combine(Path.GetTempPath(), "sharptune-added-" + Guid.NewGuid().ToString("N"));
        try
        {
            tok.Save(dir);
            using var rust = new RustTokenizer(Path.Combine(dir, "tokenizer.json"));
            RustComparison.AssertSame(Tokenizer.Load(dir), rust,
                ["<|tool|> SharpTune says Hello", "xSharpTunex<|tool|><|tool|>", "<|im_start|>SharpTune<|im_end|>"]);
            Assert.Equal(tok.GetVocab().Count, tok.VocabSize);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
