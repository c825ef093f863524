using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Text.Tests.Curation;

public sealed class LanguageIdentifierTests
{
    [Theory]
    [InlineData("The file could not be saved because the disk is full.", "en")]
    [InlineData("No se pudo guardar el archivo porque el disco está lleno.", "es")]
    [InlineData("ไม่สามารถบันทึกแฟ้มได้เนื่องจากดิสก์เต็ม", "th")]
    [InlineData("无法保存文件，因为磁盘已满。", "zh")]
    [InlineData("The printer configuration could not be read from the settings file.", "en")]
    [InlineData("No se pudo leer la configuración de la impresora del archivo de ajustes.", "es")]
    public void The_bundled_profile_identifies_the_four_languages(string text, string language)
    {
        Assert.Equal(language, LanguageIdentifier.Default.Identify(text));
        Assert.True(LanguageIdentifier.Default.Probability(text, language) > 0.5);
    }

    [Fact]
    public void Unknown_languages_and_texts_without_letters_give_no_probability()
    {
        Assert.True(double.IsNaN(LanguageIdentifier.Default.Probability("Guten Morgen", "de")));
        Assert.True(double.IsNaN(LanguageIdentifier.Default.Probability("12 345 !!", "en")));
        Assert.Null(LanguageIdentifier.Default.Identify("12 345"));
    }

    [Fact]
    public void A_trained_profile_round_trips_through_its_file()
    {
        string profile = LanguageProfileTrainer.Build(
        [
            ("aa", ["abab abab ababa bab"]),
            ("cc", ["cdcd cdc dcdc cdcdc"]),
        ], top: 50);
        string path = Path.Combine(Path.GetTempPath(), $"langid-{Guid.NewGuid():N}.tsv.gz");
        try
        {
            LanguageProfileTrainer.Save(profile, path);
            var identifier = LanguageIdentifier.Load(path);
            Assert.Equal(["aa", "cc"], identifier.Languages);
            Assert.Equal("aa", identifier.Identify("baba"));
            Assert.Equal("cc", identifier.Identify("dcdc"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_malformed_profile_line_is_an_error_naming_the_line()
    {
        using var s = new MemoryStream("# sharptune langid profile v1\n@en\t10\nen\tabc\n"u8.ToArray());
        var e = Assert.Throws<FormatException>(() => LanguageIdentifier.Load(s, "p.tsv"));
        Assert.Contains("p.tsv: line 3", e.Message, StringComparison.Ordinal);
    }
}
