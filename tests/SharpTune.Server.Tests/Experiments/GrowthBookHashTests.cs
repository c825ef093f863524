using SharpTune.Server.Experiments;

namespace SharpTune.Server.Tests.Experiments;

public sealed class GrowthBookHashTests
{
    // packages/sdk-js/test/cases.json -> "hash" (GrowthBook's own test vectors).
    [Theory]
    [InlineData("", "a", 1, 0.22)]
    [InlineData("b", "a", 1, 0.946)]
    [InlineData("seed", "a", 2, 0.0505)]
    [InlineData("seed", "b", 2, 0.2696)]
    [InlineData("foo", "ab", 2, 0.2575)]
    public void Hash_matches_growthbook_test_cases(string seed, string value, int version, double expected)
    {
        Assert.Equal(expected, GrowthBookHash.Hash(seed, value, version), 10);
    }

    [Fact]
    public void Bucket_ranges_follow_coverage_and_fall_back_to_equal_weights()
    {
        // cases.json -> getBucketRange: 2 arms, coverage 0.5 -> [[0, 0.25], [0.5, 0.75]]
        Assert.Equal([(0.0, 0.25), (0.5, 0.75)], GrowthBookHash.BucketRanges([0.5, 0.5], 0.5));
        Assert.Equal([(0.0, 0.5), (0.5, 1.0)], GrowthBookHash.BucketRanges([0.7, 0.7]));
    }

    [Fact]
    public void Choose_variation_picks_the_range_holding_the_hash()
    {
        var ranges = GrowthBookHash.BucketRanges([0.5, 0.5]);
        Assert.Equal(1, GrowthBookHash.ChooseVariation(0.6, ranges));    // cases.json -> chooseVariation
        Assert.Equal(0, GrowthBookHash.ChooseVariation(0.0, ranges));
        Assert.Equal(-1, GrowthBookHash.ChooseVariation(0.3, GrowthBookHash.BucketRanges([0.5, 0.5], 0.5)));
    }

    [Fact]
    public void Fnv1a_of_the_empty_string_is_the_offset_basis()
    {
        Assert.Equal(0x811c9dc5u, GrowthBookHash.Fnv1a32(""));
        Assert.Equal(0xe40c292cu, GrowthBookHash.Fnv1a32("a"));           // FNV-1a 32 reference vector
    }
}
