using SharpTune.Text.Tokenization.Normalizers;

namespace SharpTune.Text.Tests.Tokenization;

/// <summary>The table-driven Unicode normalization (string.Normalize is a no-op under InvariantGlobalization).</summary>
public sealed class NormalizationTests
{
    [Theory]
    [InlineData("e\u0301", "é", "é")]
    [InlineData("ﬁ", "ﬁ", "fi")]
    [InlineData("\u1100\u1161\u11A8", "각", "각")]
    [InlineData("a\u0323\u0302", "ậ", "ậ")]
    [InlineData("Å", "Å", "Å")]
    [InlineData("①x²", "①x²", "1x2")]
    [InlineData("plain ascii", "plain ascii", "plain ascii")]
    public void Nfc_and_nfkc_compose_like_unicode(string input, string nfc, string nfkc)
    {
        Assert.Equal(nfc, UnicodeNormalization.Normalize(input, compose: true, compat: false));
        Assert.Equal(nfkc, UnicodeNormalization.Normalize(input, compose: true, compat: true));
    }

    [Fact]
    public void Nfd_decomposes_hangul_and_accents() =>
        Assert.Equal("\u1100\u1161\u11A8e\u0301", UnicodeNormalization.Normalize("각é", compose: false, compat: false));
}
