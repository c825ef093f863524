using System.Text.Json;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>Token offsets equal Rust's (offsets.json, made by gen_offsets.js with the npm binding of `tokenizers`).</summary>
[Trait("Category", "TokenizerParity")]
public sealed class OffsetParityTests
{
    private static readonly Lazy<JsonElement> Expected = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TokenizerFixtures.RepoFixtures, "tokenizers", "offsets.json"))).RootElement.GetProperty("tokenizers"));

    public static TheoryData<string> Names() => new(Expected.Value.EnumerateObject().Select(p => p.Name)
        .Where(n => Directory.Exists(Path.Combine(TokenizerFixtures.TokenizersDir, n))));

    [Theory]
    [MemberData(nameof(Names))]
    public void Offsets_match_rust(string name)
    {
        var tok = TokenizerFixtures.Get(name);
        var failures = new List<string>();
        foreach (var c in Expected.Value.GetProperty(name).EnumerateArray())
        {
            var text = c.GetProperty("text").GetString()!;
            var expected = c.GetProperty("offsets").EnumerateArray().Select(o => (o[0].GetInt32(), o[1].GetInt32())).ToList();
            var enc = tok.Encode(text);
            Assert.Equal(c.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()), enc.Ids);
            // Rust's binding reports code points; ours are UTF-16 units.
            var codePointAt = new int[text.Length + 1];
            for (int i = 0, cp = 0; i <= text.Length; i++)
            {
                codePointAt[i] = cp;
                if (i < text.Length && !(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]))) cp++;
            }
            var actual = enc.Offsets.Select(o => (codePointAt[o.Start], codePointAt[o.End])).ToList();
            if (!expected.SequenceEqual(actual))
            {
                int k = Enumerable.Range(0, Math.Min(expected.Count, actual.Count)).FirstOrDefault(i => expected[i] != actual[i]);
                failures.Add($"{RustComparison.Escape(text)} token {k} '{enc.Tokens[k]}': rust {expected[k]} ours {actual[k]}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches:\n" + string.Join("\n", failures.Take(10)));
    }
}
