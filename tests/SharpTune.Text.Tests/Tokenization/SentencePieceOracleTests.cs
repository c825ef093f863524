using System.Text.Json;
using SharpTune.Text.Tokenization;
using MlLlamaTokenizer = Microsoft.ML.Tokenizers.LlamaTokenizer;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>
/// The converted tok512.model encodes like an independent SentencePiece BPE implementation
/// (Microsoft.ML.Tokenizers) on single-spaced text (the model's remove_extra_whitespaces is not part of the
/// Hugging Face conversion, so runs of spaces are left out). Texts have two or more words: the oracle returns no ids
/// at all for a text that is one whole piece ("a").
/// </summary>
public sealed class SentencePieceOracleTests
{
    [Fact]
    public void Converted_model_encodes_like_sentencepiece()
    {
        var ours = Tokenizer.FromSentencePieceModel(TokenizerFixtures.SentencePieceModel);
        using var stream = File.OpenRead(TokenizerFixtures.SentencePieceModel);
        var oracle = MlLlamaTokenizer.Create(stream);

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TokenizerFixtures.RepoFixtures, "sentencepiece", "reference_greedy.json")));
        var words = doc.RootElement.GetProperty("greedy_text").GetString()!
            .Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Concat(["café", "中文", "😀", "Zyxw", "naïve", "1234", "x-y", "\"quoted\"", "tab\tin"]).ToArray();
        var rng = new Random(42);
        var texts = Enumerable.Range(0, 300).Select(_ => string.Join(' ', Enumerable.Range(0, rng.Next(2, 12)).Select(_ => words[rng.Next(words.Length)])))
            .Append("Once upon a time").ToList();

        var failures = new List<string>();
        foreach (var text in texts)
        {
            var expected = oracle.EncodeToIds(text).ToArray();
            var actual = ours.Encode(text).Ids.ToArray();
            if (!expected.SequenceEqual(actual)) failures.Add($"{RustComparison.Escape(text)}: sentencepiece [{string.Join(",", expected)}] ours [{string.Join(",", actual)}]");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches:\n" + string.Join("\n", failures.Take(8)));
    }
}
