using SharpTune.Text.Tokenization;
using RustTokenizer = Tokenizers.DotNet.Tokenizer;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>Long SentencePiece-style words are only cut where no merge can cross (here "a▁" is a token).</summary>
public sealed class BpeChunkingTests
{
    private const string Json = """
        {"version":"1.0","added_tokens":[],
         "normalizer":{"type":"Sequence","normalizers":[{"type":"Prepend","prepend":"▁"},{"type":"Replace","pattern":{"String":" "},"content":"▁"}]},
         "pre_tokenizer":null,"post_processor":null,"decoder":null,
         "model":{"type":"BPE","vocab":{"▁":0,"a":1,"b":2,"a▁":3,"▁b":4,"▁a":5,"ba":6},"merges":[["a","▁"],["▁","b"],["▁","a"],["b","a"]]}}
        """;

    [Theory]
    [InlineData("a b a b a b a b a b a b a b a b a b a b a b a b a b a b a b")]
    [InlineData("ba ab b a bb aa ba ab b a bb aa ba ab b a bb aa ba ab b a bb aa")]
    [InlineData("b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b a")]
    public void Chunked_encoding_equals_rust(string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sharptune-chunk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "tokenizer.json");
            File.WriteAllText(path, Json);
            using var rust = new RustTokenizer(path);
            Assert.Equal(rust.Encode(text).Select(x => (int)x), Tokenizer.Load(path).Encode(text).Ids);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
