using SharpTune.Text.Tokenization;
using RustTokenizer = Tokenizers.DotNet.Tokenizer;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>Encodes and decodes texts with both libraries and describes every difference.</summary>
internal static class RustComparison
{
    public static void AssertSame(Tokenizer ours, RustTokenizer rust, IEnumerable<string> texts)
    {
        var failures = new List<string>();
        foreach (var text in texts)
        {
            var expected = rust.Encode(text).Select(x => (int)x).ToArray();
            var actual = ours.Encode(text).Ids.ToArray();
            if (!expected.SequenceEqual(actual))
            {
                failures.Add($"encode {Escape(text)}: rust [{string.Join(",", expected)}] ours [{string.Join(",", actual)}]");
                continue;
            }
            // Tokenizers.DotNet decodes with skip_special_tokens = true.
            var rustText = rust.Decode(expected.Select(x => (uint)x).ToArray());
            var ourText = ours.Decode(actual, skipSpecialTokens: true, cleanUpSpaces: false);
            if (rustText != ourText) failures.Add($"decode {Escape(text)}: rust {Escape(rustText)} ours {Escape(ourText)}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches:\n" + string.Join("\n", failures.Take(8)));
    }

    public static string Escape(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}
