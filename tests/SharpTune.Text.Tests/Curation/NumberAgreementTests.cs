using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Text.Tests.Curation;

/// <summary>
/// The numbers rule on the forms translators legitimately change. Translate Toolkit's pofilter `numbers` compares the
/// lists of digit strings exactly, so it flags every case below except "50%" → "50 %"; SharpTune accepts them all and
/// still rejects a changed number.
/// </summary>
public sealed class NumberAgreementTests
{
    static double Agreement(string source, string target, string sourceLanguage = "en", string targetLanguage = "es") =>
        Consistency.NumberAgreement(TextSide.Analyze(source), sourceLanguage, TextSide.Analyze(target), targetLanguage);

    static bool Accepts(string source, string target, string targetLanguage = "es") =>
        PairScorers.All.Single(s => s.Name == "numbers").Accepts(Agreement(source, target, "en", targetLanguage));

    [Theory]
    [InlineData("The 3rd option", "Las terceras opciones")]
    [InlineData("1st place", "Primer lugar")]
    [InlineData("The 1st page", "La primera página")]
    [InlineData("2nd attempt", "Segundo intento")]
    [InlineData("Select 2 files", "Seleccione dos archivos")]
    [InlineData("Select two files", "Seleccione 2 archivos")]
    [InlineData("Copy 3 items to 12 folders", "Copiar tres elementos a 12 carpetas")]
    public void A_number_the_other_side_writes_as_a_word_agrees(string en, string es) => Assert.Equal(1.0, Agreement(en, es), 12);

    [Theory]
    [InlineData("1,000 files", "1.000 archivos")]
    [InlineData("1,000 files", "1 000 archivos")]
    [InlineData("1,000 files", "1\u00A0000 archivos")]
    [InlineData("12,345,678 bytes", "12 345 678 bytes")]
    [InlineData("Version 3.5", "Versión 3,5")]
    [InlineData("50% done", "50 % hecho")]
    public void Separators_and_decimal_commas_do_not_change_a_number(string en, string es) => Assert.Equal(1.0, Agreement(en, es), 12);

    [Fact]
    public void Thai_digits_equal_ascii_digits()
    {
        Assert.Equal(1.0, Agreement("Page 3 of 10", "หน้า ๓ จาก ๑๐", "en", "th"), 12);
        Assert.Equal(1.0, Agreement("Step 2", "ขั้นตอนที่ สอง", "en", "th"), 12);
        Assert.Equal(1.0, Agreement("Copyright 2010 Andreas Hartmetz", "สงวนลิขสิทธิ์ 2553 โดย Andreas Hartmetz", "en", "th"), 12);   // Buddhist era
        Assert.Equal(0.0, Agreement("Copyright 2010", "สงวนลิขสิทธิ์ 2554", "en", "th"), 12);
        Assert.Equal(0.0, Agreement("Copyright 2010", "Copyright 2553"), 12);                                           // only for Thai
    }

    [Theory]
    [InlineData("Cagayan Valley (Region II)", "กากายันแวลลีย์ (ภาค 2)", "th")]
    [InlineData("Chapter 14", "Capítulo XIV", "es")]
    public void Roman_numerals_of_two_or_more_letters_agree_with_digits(string en, string other, string language) =>
        Assert.Equal(1.0, Agreement(en, other, "en", language), 12);

    [Theory]
    [InlineData("XIV", 14)]
    [InlineData("MCMXC", 1990)]
    [InlineData("IIII", -1)]
    [InlineData("I", -1)]
    [InlineData("Mix", -1)]
    public void Only_canonical_upper_case_roman_numerals_have_a_value(string token, long value) => Assert.Equal(value, NumberWords.Roman(token));

    [Theory]
    [InlineData("Page 3", "Página 4")]
    [InlineData("3 files", "cuatro archivos")]
    [InlineData("The 3rd option", "La segunda opción")]
    [InlineData("1,000 files", "2.000 archivos")]
    [InlineData("Version 3.5", "Versión 3,6")]
    public void A_changed_number_still_fails(string en, string es) => Assert.False(Accepts(en, es));

    [Fact]
    public void A_spelled_word_alone_is_not_a_number_and_each_word_counts_once()
    {
        Assert.True(double.IsNaN(Agreement("Select two files", "Seleccione dos archivos")));
        Assert.Equal(2.0 / 3.0, Agreement("2 files and 2 folders", "dos archivos y carpetas"), 12);        // one "dos" for two 2s
        Assert.Equal(0.0, Agreement("Click once", "Haga clic 11 veces"), 12);                              // "once" is 11 in Spanish, not in English
    }
}
