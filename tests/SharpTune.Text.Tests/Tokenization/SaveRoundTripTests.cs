using SharpTune.Text.Tokenization;
using RustTokenizer = Tokenizers.DotNet.Tokenizer;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>Save → load gives the same encodings, in our loader and in the Rust library.</summary>
public sealed class SaveRoundTripTests
{
    [Theory]
    [MemberData(nameof(TokenizerFixtures.NameData), MemberType = typeof(TokenizerFixtures))]
    public void Saved_tokenizer_encodes_identically_here_and_in_rust(string name)
    {
        var original = TokenizerFixtures.Get(name);
        var dir = Path.Combine(Path.GetTempPath(), "sharptune-save-" + Guid.NewGuid().ToString("N"));
        try
        {
            original.Save(dir);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
            var reloaded = Tokenizer.Load(dir);
            using var rust = new RustTokenizer(Path.Combine(dir, "tokenizer.json"));
            foreach (var text in RandomTextGenerator.Generate(seed: 99, count: 100).Append("Hello <|im_end|> world <s> ok"))
            {
                var ids = original.Encode(text).Ids;
                Assert.Equal(ids, reloaded.Encode(text).Ids);
                Assert.Equal(ids, rust.Encode(text).Select(x => (int)x));
                Assert.Equal(original.Decode(ids), reloaded.Decode(ids));
            }
            Assert.Equal(original.VocabSize, reloaded.VocabSize);
            Assert.Equal(original.EosId, reloaded.EosId);
            Assert.Equal(original.AddedTokens, reloaded.AddedTokens);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
