using SharpTune.Text.Tokenization;
using RustTokenizer = Tokenizers.DotNet.Tokenizer;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>Seeded random strings encode and decode exactly like the Rust library (via Tokenizers.DotNet).</summary>
[Trait("Category", "TokenizerParity")]
public sealed class RustParityTests
{
    [Theory]
    [MemberData(nameof(TokenizerFixtures.NameData), MemberType = typeof(TokenizerFixtures))]
    public void Random_strings_encode_and_decode_like_rust(string name)
    {
        var tok = TokenizerFixtures.Get(name);
        using var rust = new RustTokenizer(TokenizerFixtures.PlainJson(name));
        RustComparison.AssertSame(tok, rust, RandomTextGenerator.Generate(seed: 1234, count: 400));
    }

    [Theory]
    [MemberData(nameof(TokenizerFixtures.NameData), MemberType = typeof(TokenizerFixtures))]
    public void Edge_cases_encode_and_decode_like_rust(string name)
    {
        var tok = TokenizerFixtures.Get(name);
        using var rust = new RustTokenizer(TokenizerFixtures.PlainJson(name));
        string[] texts =
        [
            "", " ", "    ", "\n", "\r\n\r\n", "\t \t", "<s>", "</s><s>", "<|im_start|><|im_end|>", " <s> ", "<s>hello</s>",
            new string('a', 3000), string.Concat(Enumerable.Repeat("ab ", 400)), string.Concat(Enumerable.Repeat("สวัสดี", 200)),
            string.Concat(Enumerable.Repeat("😀", 300)), string.Concat(Enumerable.Repeat("12345", 100)), new string(' ', 500) + "x",
            "\uFEFFbom", "a\u0300\u0301\u0302", "\u0085\u0085x", "word\u00A0word", "Ǆǅǆ", "İstanbul", "ß ẞ", "'S'T'RE'VE", "it'ſ ok", "we'Ｌl", "x\u1680y\u180Ez\u001Cq", "\u2029para",
        ];
        RustComparison.AssertSame(tok, rust, texts);
    }

    [Theory]
    [MemberData(nameof(TokenizerFixtures.NameData), MemberType = typeof(TokenizerFixtures))]
    public void Long_texts_encode_and_decode_like_rust(string name)
    {
        // Long single "words" for models without a pre-tokenizer exercise the exact chunked path of BpeModel.
        var tok = TokenizerFixtures.Get(name);
        using var rust = new RustTokenizer(TokenizerFixtures.PlainJson(name));
        var random = RandomTextGenerator.Generate(seed: 31, count: 400);
        var texts = Enumerable.Range(0, 40).Select(i => string.Join(i % 2 == 0 ? " " : "", random.Skip(i * 10).Take(10)));
        RustComparison.AssertSame(tok, rust, texts);
    }
}
