using SharpTune.Text.Curation.Dedup;

namespace SharpTune.Text.Tests.Curation;

/// <summary>LSH only proposes candidates; the signature check decides, measured against the exact Jaccard of all pairs.</summary>
public sealed class MinHashVerificationTests
{
    /// <summary>Two texts of <paramref name="words"/> distinct words whose last <paramref name="changed"/> words differ: J = (n − m − 4) / (n − 4 + m) on 5-gram shingles (n − m − 4 shared of n − 4 each).</summary>
    static (string A, string B) PairWithJaccard(int seed, int words, int changed)
    {
        var a = Enumerable.Range(0, words).Select(i => $"w{seed}x{i}").ToArray();
        var b = a.Select((w, i) => i >= words - changed ? w + "changed" : w).ToArray();
        return (string.Join(' ', a), string.Join(' ', b));
    }

    [Theory]
    [InlineData(64, 15)]             // 45 / 75 = 0.6: 0.1 below the threshold
    [InlineData(64, 5)]              // 55 / 65 ≈ 0.85
    public void The_constructed_pairs_have_the_jaccard_the_formula_gives(int words, int changed)
    {
        var (a, b) = PairWithJaccard(1, words, changed);
        double expected = (double)(words - changed - 4) / (words - 4 + changed);
        Assert.Equal(expected, new MinHashDeduplicator().Jaccard(a, b), 12);
    }

    [Fact]
    public void Pairs_below_the_threshold_are_kept_even_when_lsh_proposes_them_and_pairs_above_are_dropped()
    {
        var below = new MinHashDeduplicator(threshold: 0.7, permutations: 128);
        int droppedBelow = 0;
        for (int s = 0; s < 60; s++)
        {
            var (a, b) = PairWithJaccard(s, 64, 15);                                             // J = 0.60
            Assert.False(below.IsDuplicate(a));
            if (below.IsDuplicate(b)) droppedBelow++;
        }
        Assert.Equal(0, droppedBelow);
        Assert.True(below.RejectedCandidates > 0, "some J = 0.6 pairs share a band (P ≈ 0.13 each), and the signature check keeps them");

        var above = new MinHashDeduplicator(threshold: 0.7, permutations: 128);
        int droppedAbove = 0;
        for (int s = 0; s < 60; s++)
        {
            var (a, b) = PairWithJaccard(100 + s, 64, 5);                                        // J = 55/65 ≈ 0.846
            Assert.False(above.IsDuplicate(a));
            if (above.IsDuplicate(b)) droppedAbove++;
        }
        Assert.True(droppedAbove >= 54, $"{droppedAbove} of 60 pairs at J ≈ 0.85 dropped (LSH proposes ≈ 96 %, the check passes them)");
    }

    [Fact]
    public void Planted_near_duplicates_of_real_text_are_found_and_nothing_far_below_the_threshold_is_dropped()
    {
        var words = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "data", "english_slice.txt")).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var texts = new List<string>();
        for (int i = 0; i + 40 <= words.Length; i += 40) texts.Add(string.Join(' ', words, i, 40));
        var random = new Random(3);
        var corpus = new List<(string Text, int PlantedFrom)>();
        for (int i = 0; i < texts.Count; i++)
        {
            corpus.Add((texts[i], -1));
            if (i % 4 != 0) continue;
            // A copy with one edit near an end (a word replaced, dropped or added): 1–3 of 36 shingles differ.
            var w = texts[i].Split(' ').ToList();
            switch (random.Next(3))
            {
                case 0: w[random.Next(2) == 0 ? 1 : w.Count - 2] = "whale-ship"; break;
                case 1: w.RemoveAt(w.Count - 1); break;
                default: w.Insert(0, "Indeed,"); break;
            }
            corpus.Add((string.Join(' ', w), corpus.Count - 1));
        }
        Assert.True(corpus.Count > 300, $"{corpus.Count} texts");

        var dedup = new MinHashDeduplicator(threshold: 0.7, permutations: 128);
        var kept = new List<int>();
        int planted = 0, found = 0;
        for (int i = 0; i < corpus.Count; i++)
        {
            bool duplicate = dedup.IsDuplicate(corpus[i].Text);
            if (corpus[i].PlantedFrom >= 0)
            {
                planted++;
                Assert.True(dedup.Jaccard(corpus[i].Text, corpus[corpus[i].PlantedFrom].Text) >= 0.8);
                if (duplicate) found++;
            }
            if (duplicate)
            {
                double best = kept.Max(k => dedup.Jaccard(corpus[i].Text, corpus[k].Text));          // brute force over every kept text
                Assert.True(best >= 0.6, $"text {i} dropped with a best true Jaccard of {best:0.000}");
            }
            else kept.Add(i);
        }
        Assert.True(found >= 0.95 * planted, $"found {found} of {planted} planted near duplicates");
    }
}
