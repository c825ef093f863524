using SharpTune.Text.Templates;

namespace SharpTune.Text.Tests.Templates;

public sealed class KShotSelectionTests
{
    private static readonly KShotExample[] Pool =
    [
        new("Translate: the red house", "", "la casa roja"),
        new("Translate: open the file", "", "abre el archivo"),
        new("Translate: the blue car", "", "el coche azul"),
        new("Translate: close the file now", "", "cierra el archivo ahora"),
    ];

    [Fact]
    public void Similar_selection_picks_the_bm25_nearest_shots()
    {
        var builder = new KShotPromptBuilder(Pool, 2, seed: 0, KShotSelection.Similar);
        var shots = builder.Select(new KShotExample("Translate: save the file", "", "guarda el archivo"));
        Assert.Equal(["Translate: open the file", "Translate: close the file now"], shots.Select(s => s.Prompt));
    }

    [Fact]
    public void Fixed_selection_gives_every_query_the_same_first_shots()
    {
        var builder = new KShotPromptBuilder(Pool, 1, seed: 0, KShotSelection.Fixed);
        Assert.Equal(Pool[0], builder.Select(new KShotExample("Translate: a", "", "b")).Single());
        Assert.Equal(Pool[1], builder.Select(Pool[0]).Single());                      // never the query itself
    }

    [Fact]
    public void A_duplicate_of_the_query_is_never_a_shot()
    {
        var builder = new KShotPromptBuilder(Pool, 3, seed: 0, KShotSelection.Similar);
        var shots = builder.Select(new KShotExample("translate:   THE RED HOUSE", "", "otra"));
        Assert.DoesNotContain(Pool[0], shots);
    }

    [Fact]
    public void Bm25_prefers_rare_shared_terms()
    {
        var index = new Bm25Index(["the cat", "the dog", "a zebra crossing"]);
        var scores = index.Scores("zebra the");
        Assert.True(scores[2] > scores[0] && scores[0] == scores[1] && scores[0] > 0);
    }
}
