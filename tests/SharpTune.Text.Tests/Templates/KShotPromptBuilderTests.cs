using SharpTune.Text.Templates;

namespace SharpTune.Text.Tests.Templates;

public sealed class KShotPromptBuilderTests
{
    private static readonly KShotExample[] Pool =
        [.. Enumerable.Range(0, 10).Select(i => new KShotExample($"Add {i} and 1.", i % 2 == 0 ? "" : $"n={i}", $"{i + 1}"))];

    [Fact]
    public void Selection_is_deterministic_by_seed_and_excludes_the_query()
    {
        var query = Pool[3];
        var a = new KShotPromptBuilder(Pool, 4, seed: 7).Select(query);
        var b = new KShotPromptBuilder(Pool, 4, seed: 7).Select(query);
        Assert.Equal(a, b);
        Assert.Equal(4, a.Count);
        Assert.DoesNotContain(query, a);
        Assert.Equal(4, a.Distinct().Count());
        var others = Enumerable.Range(0, 20).Select(s => new KShotPromptBuilder(Pool, 4, s).Select(query)).ToList();
        Assert.Contains(others, o => !o.SequenceEqual(a));
    }

    [Fact]
    public void K_larger_than_the_pool_takes_every_other_example()
    {
        var shots = new KShotPromptBuilder(Pool, 50, seed: 1).Select(Pool[0]);
        Assert.Equal(9, shots.Count);
    }

    [Fact]
    public void Shots_become_prior_turns_that_a_template_can_encode()
    {
        var builder = new KShotPromptBuilder(Pool, 2, seed: 3);
        var query = new KShotExample("Add 20 and 1.", "", "21");
        var messages = builder.BuildTurns(query);
        var shots = builder.Select(query);
        Assert.Equal(6, messages.Count);
        Assert.Equal(ChatMessage.User(shots[0].Prompt), messages[0]);
        Assert.Equal(ChatMessage.Assistant(shots[1].Output), messages[3]);
        Assert.Equal(ChatMessage.User("Add 20 and 1."), messages[4]);
        Assert.Equal(3, ChatTemplates.Get("alpaca").RenderMultiturn(messages).Count);
        Assert.Equal(5, builder.BuildTurns(query, withResponse: false).Count);
    }

    [Fact]
    public void Inline_shots_precede_the_query_in_one_message()
    {
        var builder = new KShotPromptBuilder(Pool, 1, seed: 0);
        var query = new KShotExample("Add 20 and 1.", "n=20", "21");
        var shot = builder.Select(query)[0];
        Assert.Equal($"{shot.Prompt}\n{shot.Output}\n\nAdd 20 and 1.\nn=20", builder.BuildInline(query));
    }
}
