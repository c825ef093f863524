using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Text.Tests.Curation;

public sealed class TextSideTests
{
    [Theory]
    [InlineData("Delete %s?", "%s")]
    [InlineData("%1$s of %2$d", "%d %s")]
    [InlineData("%1 by %2", "%1 %2")]
    [InlineData("Replace with %1custom%2 quotes", "%1 %2")]
    [InlineData("{ $count } tabs", "{$count}")]
    [InlineData("Open {0} in {name}", "{0} {name}")]
    [InlineData("Run ${cmd} now", "${cmd}")]
    [InlineData("Use %PRODUCTNAME Writer", "%PRODUCTNAME")]
    [InlineData("Keys {Tab} and {None}", "")]
    [InlineData("100% of files", "")]
    public void Placeholders_are_found_the_way_pofilter_compares_them(string text, string expected)
    {
        Assert.Equal(expected, string.Join(' ', TextSide.Analyze(text).Placeholders));
    }

    [Fact]
    public void Positional_and_plain_printf_placeholders_match_when_reordered()
    {
        var en = TextSide.Analyze("%s has %d files");
        var es = TextSide.Analyze("%2$d archivos tiene %1$s");
        Assert.Equal(0, Consistency.Mismatches(en.Placeholders, es.Placeholders));
    }

    [Fact]
    public void Only_markup_tag_names_count_as_tags()
    {
        Assert.Equal(["</b>", "<b>"], TextSide.Analyze("<b>Bold</b>").Tags);
        Assert.Empty(TextSide.Analyze("<All Files>").Tags);
        Assert.Equal(8, TextSide.Analyze("<All Files>").Letters);
    }

    [Fact]
    public void Numbers_keep_non_zero_digits_and_ignore_thousands_separators()
    {
        Assert.Equal(["1", "25"], TextSide.Analyze("1,000 files in 2.5 s").Numbers);
        Assert.Equal(["1"], TextSide.Analyze("1.000 archivos").Numbers);
        Assert.Equal(["2"], TextSide.Analyze("๒ ไฟล์").Numbers);        // Thai digit two
    }

    [Fact]
    public void Mojibake_replacement_and_control_characters_are_encoding_damage()
    {
        Assert.Equal(0, TextSide.Analyze("Configuración").BadCharacters);
        Assert.Equal(1, TextSide.Analyze("ConfiguraciÃ³n").BadCharacters);
        Assert.Equal(1, TextSide.Analyze("Acci\uFFFDn").BadCharacters);
        Assert.Equal(1, TextSide.Analyze("a\u0002b").BadCharacters);
    }

    [Fact]
    public void Accelerators_and_escapes_are_counted()
    {
        Assert.Equal(1, TextSide.Analyze("&File").Accelerators);
        Assert.Equal(1, TextSide.Analyze("_Archivo").Accelerators);
        Assert.Equal(0, TextSide.Analyze("Tom &amp; Jerry").Accelerators);
        Assert.Equal(2, TextSide.Analyze("line\\nnext\nlast").Escapes);
    }

    [Fact]
    public void Repetition_counts_units_repeated_three_times_in_a_row()
    {
        Assert.Equal(0, Repetition.ExtraCopies("the cat sat on the mat"));
        Assert.Equal(2, Repetition.ExtraCopies("go go go now"));
        Assert.Equal(3, Repetition.ExtraCopies("help me help me help me help me "));
        Assert.Equal(0, Repetition.ExtraCopies("------------"));                  // no letter in the unit
    }

    [Fact]
    public void Letters_are_sorted_into_scripts()
    {
        var side = TextSide.Analyze("เปิด Firefox 文件");
        Assert.Equal(7, side.ScriptCounts[(int)Script.Latin]);
        Assert.Equal(2, side.ScriptCounts[(int)Script.Han]);
        Assert.True(side.ScriptCounts[(int)Script.Thai] >= 2);
        Assert.Equal(Script.Thai, Scripts.ForLanguage("th"));
        Assert.Equal(Script.Han, Scripts.ForLanguage("zh-CN"));
        Assert.Null(Scripts.ForLanguage("xx"));
    }

    [Fact]
    public void Key_is_case_folded_letters_and_digits_without_placeholders()
    {
        Assert.Equal("openfile", TextSide.Analyze("Open %s _File…").Key);
        Assert.Equal(TextSide.Analyze("Save As...").Key, TextSide.Analyze("save as").Key);
    }
}
