using SharpTune.Core.Configuration;
using SharpTune.Core.Data;

namespace SharpTune.Core.Tests.Data;

public sealed class KShotSamplesTests
{
    static readonly string Examples = Path.Combine(TestPaths.RepoRoot, "examples", "data");

    [Fact]
    public void One_fixed_shot_is_put_inline_before_each_prompt_and_never_the_sample_itself()
    {
        var data = new DataArguments { DatasetDir = Examples, MaxSamples = 5, NumShots = 1, ShotSelection = "fixed", ShotPool = "bible_en_es_demo" };
        var (samples, _) = DatasetLoader.Load(data, ["bible_en_es_demo"], 1);
        var shot = KShotSamples.Apply(samples, data, 1);

        Assert.Equal(samples.Count, shot.Count);
        string first = samples[0].Messages[0].Content + "\n" + samples[0].Messages[1].Content;
        Assert.Equal(first + "\n\n" + samples[2].Messages[0].Content, shot[2].Messages[0].Content);
        Assert.StartsWith(samples[1].Messages[0].Content + "\n" + samples[1].Messages[1].Content, shot[0].Messages[0].Content, StringComparison.Ordinal);
        Assert.Equal(samples[2].Messages[1], shot[2].Messages[1]);                  // the response to learn is unchanged
    }

    [Fact]
    public void Without_num_shots_the_samples_are_unchanged_and_without_a_pool_it_is_an_error()
    {
        var (samples, _) = DatasetLoader.Load(new DataArguments { DatasetDir = Examples, MaxSamples = 3 }, ["bible_en_es_demo"], 1);
        Assert.Same(samples, KShotSamples.Apply(samples, new DataArguments(), 1));
        var e = Assert.Throws<ArgumentException>(() => KShotSamples.Apply(samples, new DataArguments { NumShots = 1 }, 1));
        Assert.Contains("shot_pool", e.Message, StringComparison.Ordinal);
    }
}
