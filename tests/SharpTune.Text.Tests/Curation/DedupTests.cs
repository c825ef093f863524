using SharpTune.Text.Curation.Dedup;
using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Text.Tests.Curation;

public sealed class DedupTests
{
    [Fact]
    public void Exact_duplicates_are_found_after_normalisation_and_the_first_is_kept()
    {
        var dedup = new ExactDeduplicator(DedupKey.Pair);
        Assert.False(dedup.IsDuplicate(TextSide.Analyze("Save As...").Key, TextSide.Analyze("Guardar como...").Key));
        Assert.True(dedup.IsDuplicate(TextSide.Analyze("save as").Key, TextSide.Analyze("Guardar como…").Key));
        Assert.False(dedup.IsDuplicate(TextSide.Analyze("save as").Key, TextSide.Analyze("Guardar como").Key + "x"));
    }

    [Fact]
    public void The_source_key_merges_pairs_that_share_a_source()
    {
        var dedup = new ExactDeduplicator(DedupKey.Source);
        Assert.False(dedup.IsDuplicate("open", "abrir"));
        Assert.True(dedup.IsDuplicate("open", "abre"));
    }

    [Fact]
    public void The_lsh_split_puts_the_s_curve_at_the_threshold()
    {
        var (bands, rows) = LshParameters.Optimal(0.7, 128);
        Assert.True(bands * rows <= 128);
        Assert.InRange(LshParameters.Probability(0.7, bands, rows), 0.3, 0.9);
        Assert.True(LshParameters.Probability(0.9, bands, rows) > 0.97);
        Assert.True(LshParameters.Probability(0.3, bands, rows) < 0.05);
    }

    [Fact]
    public void Minhash_flags_a_one_word_edit_of_a_long_text_and_not_an_unrelated_one()
    {
        var dedup = new MinHashDeduplicator(threshold: 0.7, permutations: 128);
        const string a = "And God said, Let there be a firmament in the midst of the waters, and let it divide the waters from the waters. "
            + "And God made the firmament, and divided the waters which were under the firmament from the waters which were above the firmament: and it was so.";
        Assert.False(dedup.IsDuplicate(a));
        Assert.True(dedup.IsDuplicate(a.Replace("divided", "parted", StringComparison.Ordinal)));        // Jaccard ≈ 0.83
        Assert.False(dedup.IsDuplicate("In the beginning was the Word, and the Word was with God, and the Word was God, and it was so in all the land."));
        Assert.False(dedup.IsDuplicate("Open file"));                                  // too short to shingle: left to exact keys
        Assert.False(dedup.IsDuplicate("Open file"));
    }
}
