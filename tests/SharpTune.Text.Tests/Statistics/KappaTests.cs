using SharpTune.Text.Statistics;

namespace SharpTune.Text.Tests.Statistics;

public sealed class KappaTests
{
    [Fact]
    public void Cohen_kappa_of_the_fifty_grant_proposals_is_0_4()
    {
        // Wikipedia "Cohen's kappa": yes/yes 20, A yes B no 5, A no B yes 10, no/no 15 -> po 0.70, pe 0.50, kappa 0.40.
        var a = new List<string>();
        var b = new List<string>();
        void Add(string x, string y, int n) { for (int i = 0; i < n; i++) { a.Add(x); b.Add(y); } }
        Add("yes", "yes", 20); Add("yes", "no", 5); Add("no", "yes", 10); Add("no", "no", 15);
        Assert.Equal(0.4, Kappa.Cohen(a, b), 12);
    }

    [Fact]
    public void Cohen_kappa_is_one_for_identical_raters_and_refuses_unequal_lengths()
    {
        Assert.Equal(1.0, Kappa.Cohen(["a", "b", "a"], ["a", "b", "a"]), 12);
        Assert.Throws<ArgumentException>(() => Kappa.Cohen(["a"], ["a", "b"]));
    }

    [Fact]
    public void Fleiss_kappa_of_the_fourteen_raters_example_is_0_210()
    {
        // Wikipedia "Fleiss' kappa" worked example: 10 subjects, 14 raters, 5 categories; P-bar 0.378, Pe 0.213, kappa 0.210.
        int[][] table =
        [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ];
        Assert.Equal(0.210, Kappa.Fleiss(table), 3);
    }

    [Fact]
    public void Fleiss_kappa_with_two_raters_per_item_is_close_to_cohen_and_skips_single_ratings()
    {
        // Two raters, four items: agree on 3 of 4.
        int[][] table = [[2, 0], [0, 2], [2, 0], [1, 1], [1, 0]];
        // Fleiss: P-bar = 3/4; category totals 5 and 3 of 8 -> Pe = (25 + 9)/64 = 0.53125; kappa = 0.46667
        Assert.Equal((0.75 - 0.53125) / (1 - 0.53125), Kappa.Fleiss(table), 12);
    }
}
