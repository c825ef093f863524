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
        var failures = new List<string>();
        foreach (var text in RandomTextGenerator.Generate(seed: 1234, count: 400))
        {
            var expected = rust.Encode(text).Select(x => (int)x).ToArray();
            var actual = tok.Encode(text).Ids.ToArray();
            if (!expected.SequenceEqual(actual))
            {
                failures.Add($"encode {Escape(text)}: rust [{string.Join(",", expected)}] ours [{string.Join(",", actual)}]");
                continue;
            }
            var rustText = rust.Decode(expected.Select(x => (uint)x).ToArray());
            var ours = tok.Decode(actual, skipSpecialTokens: true, cleanUpSpaces: false);
            if (rustText != ours) failures.Add($"decode {Escape(text)}: rust {Escape(rustText)} ours {Escape(ours)}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches:\n" + string.Join("\n", failures.Take(10)));
    }

    internal static string Escape(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}
