using SharpTune.Text.Tokenization;
using RustTokenizer = Tokenizers.DotNet.Tokenizer;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>Seeded random strings encode and decode exactly like the Rust library (via Tokenizers.DotNet).</summary>
[Trait("Category", "TokenizerParity")]
public sealed class RustParityTests
{
    public static TheoryData<string> TokenizerNames() => new(TokenizerFixtures.Names);

    [Theory]
    [MemberData(nameof(TokenizerNames))]
    public void Random_strings_encode_and_decode_like_rust(string name)
    {
        var tok = TokenizerFixtures.Get(name);
        using var rust = new RustTokenizer(TokenizerFixtures.PlainJson(name));
        RustComparison.AssertSame(tok, rust, RandomTextGenerator.Generate(seed: 1234, count: 400));
    }
}
