using SharpTune.Text.Metrics;

namespace SharpTune.Text.Tests.Metrics;

/// <summary>The ROUGE tokenizers and the sentence splitter behind split_summaries.</summary>
public sealed class RougeTokenizerTests
{
    [Fact]
    public void Default_tokenizer_drops_non_ascii_letters_like_rouge_score()
    {
        Assert.Equal(["caf", "na", "ve", "2024"], RougeTokenizer.Tokenize("Café naïve 2024 北京"));
    }

    [Fact]
    public void Char_tokenizer_keeps_every_letter_and_number_of_any_script()
    {
        Assert.Equal(["北", "京", "欢", "迎", "你", "a", "1"], RougeTokenizer.Tokenize("北京，欢迎你! A1", RougeTokenization.Char));
        Assert.Equal(["ส", "ว", "ั", "ส", "ด", "ี"], RougeTokenizer.Tokenize("สวัสดี", RougeTokenization.Char));
    }

    [Fact]
    public void Char_tokenization_makes_chinese_rouge_meaningful()
    {
        var options = new RougeOptions { RougeTypes = ["rouge1"], Tokenization = RougeTokenization.Char };
        Assert.Equal(0.0, new RougeScorer(options with { Tokenization = RougeTokenization.Default }).Score("我爱北京", "我爱上海")["rouge1"].FMeasure);
        Assert.Equal(0.5, new RougeScorer(options).Score("我爱北京", "我爱上海")["rouge1"].FMeasure, 12);
    }

    [Theory]
    [InlineData("First sentence. Second Sentence.", new[] { "First sentence.", "Second Sentence." })]
    [InlineData("Mr. Smith arrived. He sat!  Then? no", new[] { "Mr. Smith arrived.", "He sat!", "Then?", "no" })]
    [InlineData("Pi is 3.14 today.\nNext line", new[] { "Pi is 3.14 today.", "Next line" })]
    [InlineData("He said \"stop.\" Then left.", new[] { "He said \"stop.\"", "Then left." })]
    public void Sentence_splitter_splits_ordinary_prose(string text, string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.Split(text));
    }
}
