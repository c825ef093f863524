using SharpTune.Core.Training;

namespace SharpTune.Core.Tests.Training;

public sealed class TokenizedExampleTests
{
    const int X = TokenizedExample.IgnoreIndex;

    [Fact]
    public void Causal_labels_come_back_as_given_across_word_boundaries()
    {
        var ids = Enumerable.Range(5, 130).ToArray();                                         // 130 tokens: three 64-bit words
        var labels = ids.Select((t, i) => i < 40 || i is 64 or 127 ? X : t).ToArray();
        var e = new TokenizedExample(ids, labels);
        Assert.Equal(labels, e.Labels);
        Assert.Equal(labels, Enumerable.Range(0, e.Length).Select(e.Label));
        Assert.Equal(130 - 40 - 2, e.LearnedTokens);
        Assert.Equal(labels[..70], e.Truncate(70).Labels);
        Assert.Equal(ids[..70], e.Truncate(70).InputIds);
    }

    [Fact]
    public void Labels_that_are_not_their_own_token_are_kept_as_given()
    {
        var ids = new[] { 1, 2, 3, 4 };
        var shifted = new[] { 2, 3, 4, X };                                                    // e.g. labels already shifted
        var e = new TokenizedExample(ids, shifted);
        Assert.Equal(shifted, e.Labels);
        Assert.Equal(4, e.Label(2));
        Assert.Equal(3, e.LearnedTokens);
    }

    [Fact]
    public void Lengths_must_match_and_positions_must_exist()
    {
        Assert.Contains("equal lengths", Assert.Throws<ArgumentException>(() => new TokenizedExample([1, 2], [1])).Message);
        var e = new TokenizedExample([1, 2], [X, 2]);
        Assert.Throws<IndexOutOfRangeException>(() => e.Label(2));
        Assert.Empty(new TokenizedExample([], []).Labels);
    }
}
