using SharpTune.Text.Metrics;

namespace SharpTune.Text.Tests.Metrics;

/// <summary>The sacreBLEU tokenizers on the behaviours that matter most, including the zh range-table quirk.</summary>
public sealed class BleuTokenizerTests
{
    [Theory]
    [InlineData("13a", "It wasn't 3.5 km, (really)!", "It wasn't 3.5 km , ( really ) !")]
    [InlineData("13a", "a &amp; b &lt;c&gt;", "a & b < c >")]
    [InlineData("13a", "1990-2000 end.", "1990 - 2000 end .")]
    [InlineData("intl", "Hello, world! 3.5 $5 «q» 1,000.", "Hello , world ! 3.5 $ 5 « q » 1,000.")]
    [InlineData("zh", "我爱北京, ok.", "我 爱 北 京 , ok .")]
    [InlineData("char", "ab c", "a b   c")]
    [InlineData("none", " a  b ", " a  b ")]
    public void Tokenizer_output_matches_sacrebleu(string name, string input, string expected)
    {
        Assert.Equal(expected, BleuTokenizer.Tokenize(input, name));
    }

    [Fact]
    public void Zh_range_table_covers_U2001_to_U2A6D_as_sacrebleu_compares_it()
    {
        Assert.False(TokenizerZh.IsChineseChar(0x2000));
        Assert.True(TokenizerZh.IsChineseChar(0x2001));
        Assert.True(TokenizerZh.IsChineseChar(0x2190)); // arrow: inside the quirk range
        Assert.True(TokenizerZh.IsChineseChar(0x2A6D));
        Assert.False(TokenizerZh.IsChineseChar(0x2A6E));
        Assert.False(TokenizerZh.IsChineseChar(0x20000)); // real Extension B is not matched by sacreBLEU
        Assert.Equal("a → b", BleuTokenizer.Tokenize("a→b", "zh"));
        Assert.Equal("a→b", BleuTokenizer.Tokenize("a→b", "13a"));
    }

    [Fact]
    public void Char_and_intl_treat_surrogate_pairs_as_one_character()
    {
        Assert.Equal("a 😀 b", BleuTokenizer.Tokenize("a😀b", "char"));
        Assert.Equal("a 😀 b", BleuTokenizer.Tokenize("a😀b", "intl")); // U+1F600 is a symbol (So)
    }
}
