using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Text.Tests.Curation;

public sealed class PairScorersTests
{
    static double Score(string name, string en, string other, string tgt = "es", LengthRatioModel? ratios = null)
    {
        var scorer = PairScorers.All.Single(s => s.Name == name);
        var view = new SampleView(TextSide.Analyze(en), TextSide.Analyze(other),
            new ScoringContext { FirstLanguage = "en", SecondLanguage = tgt, LengthRatios = ratios ?? LengthRatioModel.Neutral });
        return scorer.Compute(view);
    }

    static bool Accepts(string name, string en, string other, string tgt = "es") =>
        PairScorers.All.Single(s => s.Name == name).Accepts(Score(name, en, other, tgt));

    [Fact]
    public void A_short_label_with_a_long_translation_passes_the_length_ratio()
    {
        Assert.True(Accepts("length_ratio", "OK", "Aceptar"));                         // 3.5× would fail a fixed 1:3 bound
        Assert.False(Accepts("length_ratio", "The file could not be saved because the disk is full.", "Error al guardar."));
        Assert.False(Accepts("length_ratio", "The file could not be saved because the disk is full. Free some space and try again.", "Error."));
    }

    [Fact]
    public void The_length_ratio_is_judged_against_the_corpus_median()
    {
        var ratios = new LengthRatioModel();
        for (int i = 0; i < 100; i++) ratios.Add(40, 15);                               // a corpus whose targets are much shorter
        double own = Score("length_ratio", new string('a', 40), new string('b', 15), ratios: ratios);
        double neutral = Score("length_ratio", new string('a', 40), new string('b', 15));
        Assert.True(own < 0.05 && neutral > 0.8, $"{own} {neutral}");
    }

    [Fact]
    public void Lost_or_changed_placeholders_fail_and_reordered_ones_pass()
    {
        Assert.False(Accepts("placeholders", "Delete %s?", "¿Eliminar?"));
        Assert.False(Accepts("placeholders", "{ $count } tabs", "{ $num } pestañas"));
        Assert.True(Accepts("placeholders", "%1 of %2", "%2 de %1"));
        Assert.True(double.IsNaN(Score("placeholders", "Open", "Abrir")));
    }

    [Fact]
    public void A_copied_target_fails_and_a_translation_passes()
    {
        Assert.False(Accepts("copy", "Print preview", "Print Preview"));
        Assert.True(Accepts("copy", "Print preview", "Vista previa de impresión"));
    }

    [Fact]
    public void Script_share_counts_letters_only()
    {
        Assert.True(Accepts("script_tgt", "%d files", "%d ไฟล์", "th"));
        Assert.True(Accepts("script_tgt", "Open Firefox settings", "เปิดการตั้งค่า Firefox", "th"));
        Assert.False(Accepts("script_tgt", "Open the settings", "Open the settings", "th"));
        Assert.True(Accepts("script_tgt", "Eye candy added by Anders Carlsson", "ตกแต่งโดย Anders Carlsson", "th"));   // copied names left out
        Assert.False(Accepts("script_tgt", "Open the settings", "Abrir la configuración", "th"));
        Assert.InRange(Score("script_tgt", "Written by Richard Hult <richard@imendio.com>", "เขียนโดย Richard Hult <richard@imendio.com>", "th"), 0.99, 1.0);
        Assert.True(double.IsNaN(Score("lang_tgt", "Try the built-in VPN of the browser now, please", "ลองใช้ VPN ในตัวของเบราว์เซอร์ตอนนี้ได้เลยนะครับ", "th")));
    }

    [Fact]
    public void Numbers_must_agree()
    {
        Assert.True(Accepts("numbers", "Page 1 of 10", "Página 1 de 10"));
        Assert.False(Accepts("numbers", "Page 5", "Página 6"));
    }

    [Fact]
    public void Terminal_punctuation_is_soft_and_tolerates_thai()
    {
        var scorer = PairScorers.All.Single(s => s.Name == "end_punct");
        Assert.False(scorer.Hard);
        Assert.Equal(1.0, Score("end_punct", "Saved.", "บันทึกแล้ว", "th"));
        Assert.Equal(0.0, Score("end_punct", "Saved.", "¿Guardado?"));
    }

    [Fact]
    public void Every_scorer_declares_a_usable_contract()
    {
        foreach (var s in PairScorers.All.Concat(InstructionScorers.All))
        {
            Assert.True(s.Max > s.Min, s.Name);
            Assert.True(s.Accepts(double.NaN), s.Name);
            Assert.InRange(s.Cleanliness(s.Direction == ScoreDirection.HigherIsCleaner ? s.Max : s.Min), 1.0, 1.0);
        }
        Assert.Equal(PairScorers.All.Count, PairScorers.All.Select(s => s.Name).Distinct().Count());
    }
}
