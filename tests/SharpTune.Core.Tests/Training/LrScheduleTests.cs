using SharpTune.Core.Training;

namespace SharpTune.Core.Tests.Training;

[Trait("Category", "Numeric")]
public sealed class LrScheduleTests
{
    [Theory]
    [InlineData("linear", 0, 0.0)]
    [InlineData("linear", 1, 0.5)]
    [InlineData("linear", 2, 1.0)]
    [InlineData("linear", 6, 0.5)]
    [InlineData("linear", 10, 0.0)]
    [InlineData("cosine", 6, 0.5)]
    [InlineData("cosine", 2, 1.0)]
    [InlineData("constant", 0, 1.0)]
    [InlineData("constant_with_warmup", 1, 0.5)]
    [InlineData("constant_with_warmup", 9, 1.0)]
    public void Factors_equal_transformers_schedules_with_2_warmup_of_10_steps(string type, int step, double expected) =>
        Assert.Equal(expected, LrSchedule.Factor(type, step, 2, 10), 12);

    [Fact]
    public void Warmup_ratio_rounds_up_like_transformers() => Assert.Equal(4, LrSchedule.WarmupSteps(0, 0.1, 31));

    [Fact]
    public void Unknown_schedule_lists_the_choices() =>
        Assert.Contains("cosine", Assert.Throws<ArgumentException>(() => LrSchedule.Factor("poly", 0, 0, 1)).Message);
}
