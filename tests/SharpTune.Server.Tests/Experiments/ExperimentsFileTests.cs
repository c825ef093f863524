using SharpTune.Server.Experiments;

namespace SharpTune.Server.Tests.Experiments;

public sealed class ExperimentsFileTests
{
    internal const string Tone = """
        experiments:
          - name: tone
            alias: assistant
            variants: {a: base, b: polite}
            split: {a: 50, b: 50}
        """;

    [Fact]
    public void The_issue_example_reads_as_two_even_variants()
    {
        using var dir = new TempDir();
        var e = Assert.Single(ExperimentsFile.Load(dir.Write("ab.yaml", Tone)));
        Assert.Equal(("tone", "assistant"), (e.Name, e.Alias));
        Assert.Equal([new ExperimentVariant("a", "base", 0.5), new ExperimentVariant("b", "polite", 0.5)], e.Variants);
    }

    [Fact]
    public void A_missing_split_means_equal_shares_and_any_scale_is_normalised()
    {
        using var dir = new TempDir();
        var e = ExperimentsFile.Load(dir.Write("ab.yaml", """
            experiments:
              - {name: x, alias: m, variants: {a: base, b: p, c: q}}
              - {name: y, alias: n, variants: {a: base, b: p}, split: {a: 9, b: 1}}
            """));
        Assert.All(e[0].Variants, v => Assert.Equal(1 / 3.0, v.Weight, 12));
        Assert.Equal([0.9, 0.1], e[1].Weights);
    }

    [Theory]
    [InlineData("experiments:\n  - {name: x, alias: m, variants: {a: base}}", "ab.yaml:2: experiment 'x' needs at least two variants, got 1")]
    [InlineData("experiments:\n  - {name: x, alias: m, variants: {a: base, b: p}, split: {a: 1, c: 1}}", "split names 'c', which is not one of the variants a, b")]
    [InlineData("experiments:\n  - {name: x, alias: m, variants: {a: base, b: p}, split: {a: 1, b: -2}}", "split of 'b' must be a positive number")]
    [InlineData("experiments:\n  - {name: x, alias: m, variants: {a: base, b: p}, splits: {a: 1}}", "unknown key 'splits'")]
    [InlineData("experiments:\n  - {name: x, variants: {a: base, b: p}}", "needs 'alias:'")]
    [InlineData("experiments:\n  - {name: x, alias: m, variants: {a: base, b: p}}\n  - {name: y, alias: m, variants: {a: base, b: p}}", "alias 'm' belongs to experiments x and y")]
    public void Mistakes_are_one_sentence_naming_the_file_and_what_was_expected(string yaml, string expected)
    {
        using var dir = new TempDir();
        var e = Assert.Throws<InvalidDataException>(() => ExperimentsFile.Load(dir.Write("ab.yaml", yaml)));
        Assert.Contains("ab.yaml", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Loading_the_module_checks_each_variant_against_the_served_models()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ArgumentException>(() => ExperimentsModule.Load(dir.Write("ab.yaml", Tone), dir.File("ab.db"), ["rude"]));
        Assert.Contains("experiment 'tone', variant 'b' names 'polite', which is not served (served: rude, base)", e.Message);
        var module = ExperimentsModule.Load(dir.Write("ab.yaml", Tone), dir.File("ab.db"), ["polite", "tiny-base"], baseModel: "tiny-base");
        var routes = Enumerable.Range(0, 20).Select(i => module.Observer.Route("assistant", $"u{i}")!).ToList();
        Assert.Contains(routes, r => r is { Variant: "a", ServedModel: "tiny-base" });
        Assert.All(routes.Where(r => r.Variant == "b"), r => Assert.Equal("polite", r.ServedModel));
    }
}
