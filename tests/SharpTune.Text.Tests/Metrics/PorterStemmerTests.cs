using SharpTune.Text.Metrics;

namespace SharpTune.Text.Tests.Metrics;

/// <summary>The Porter stemmer against NLTK's, word by word (generated_nltk_porter.json), plus fixture bookkeeping.</summary>
[Trait("Category", "MetricParity")]
public sealed class PorterStemmerTests
{
    public static IEnumerable<object[]> CaseIds => MetricFixtures.Ids("porter");

    public static IEnumerable<object[]> Files => MetricFixtures.AllFiles().Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Stem_matches_nltk(string file, string id)
    {
        var c = MetricFixtures.Case(file, id);
        Assert.Equal(c.GetProperty("stem").GetString(), PorterStemmer.Stem(c.GetProperty("word").GetString()!));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_fixture_file_belongs_to_a_metric(string file)
    {
        Assert.NotEqual("", MetricFixtures.Family(file));
        var ids = MetricFixtures.Root(file).GetProperty("cases").EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Stemmer_lowercases_and_keeps_short_words()
    {
        Assert.Equal("meet", PorterStemmer.Stem("Meeting"));
        Assert.Equal("as", PorterStemmer.Stem("as"));
        Assert.Equal("sky", PorterStemmer.Stem("skies"));
    }
}
