using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class FastDropoutTests
{
    [Theory]
    [InlineData(0.05)]
    [InlineData(0.3)]
    public void Drops_each_element_with_probability_p_in_every_bit_field(double p)
    {
        manual_seed(1);
        var mask = FastDropout.DropMask([400_000], p).to_type(ScalarType.Float32);
        Assert.InRange(mask.mean().item<float>(), p - 0.004, p + 0.004);
        var perField = mask.view(-1, 4).mean([0L]);                                          // each 16-bit field of a draw
        for (int j = 0; j < 4; j++) Assert.InRange(perField[j].item<float>(), p - 0.01, p + 0.01);
        var pairs = mask.view(-1, 2);                                                        // neighbours independent
        Assert.InRange((pairs[.., 0] * pairs[.., 1]).mean().item<float>(), p * p - 0.01, p * p + 0.01);
    }

    [Fact]
    public void Kept_elements_are_scaled_and_the_gradient_follows_the_mask()
    {
        manual_seed(2);
        var x = (rand(3, 7, 33) + 1).requires_grad_();
        var d = new FastDropout(0.25);
        d.train();
        var y = d.forward(x);
        y.sum().backward();
        var kept = y.ne(0);
        Assert.InRange((y.masked_select(kept) - x.detach().masked_select(kept) / 0.75).abs().max().item<float>(), 0, 1e-6);
        Assert.InRange((x.grad! - kept.to_type(ScalarType.Float32) / 0.75).abs().max().item<float>(), 0, 1e-6);
        Assert.InRange(kept.to_type(ScalarType.Float32).mean().item<float>(), 0.6, 0.9);
    }

    [Fact]
    public void Same_seed_gives_the_same_mask_and_eval_mode_is_the_identity()
    {
        manual_seed(9);
        var a = FastDropout.DropMask([5, 11], 0.5);
        manual_seed(9);
        var b = FastDropout.DropMask([5, 11], 0.5);
        Assert.True(a.eq(b).all().item<bool>());
        var d = new FastDropout(0.5);
        d.eval();
        var x = randn(4, 4);
        Assert.Equal(0f, (d.forward(x) - x).abs().max().item<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new FastDropout(1.0));
    }

    [Theory]
    [InlineData(ScalarType.BFloat16, 1001L, 0.1)]                                            // tails: not a multiple of 4 or 32
    [InlineData(ScalarType.Float32, 1001L, 0.1)]
    [InlineData(ScalarType.Float32, 64L, 0.5)]
    [InlineData(ScalarType.BFloat16, 4_194_311L, 0.05)]                                     // 4 M elements: split over threads
    [InlineData(ScalarType.Float32, 333L, 1e-7)]                                            // p rounds to 0 of 65536: nothing dropped
    public void Masked_equals_masked_fill_with_the_mask_of_the_same_seed(ScalarType dtype, long n, double p)
    {
        var x = (randn(n) + 3).to_type(dtype);                                               // no zeros of its own
        const ulong seed = 0x1234_5678_9ABC_DEF0UL;
        var expected = x.masked_fill(FastDropout.DropMask(x.shape, p, seed), 0);
        foreach (int bits in KernelPath.Widths)
        {
            using var path = new KernelPath(true, bits);                                     // the one-pass kernel, on any CPU
            var copy = FastDropout.Masked(x, p, seed);
            Assert.True(copy.eq(expected).all().item<bool>(), $"{bits}-bit copy");
            var inPlace = x.clone();
            FastDropout.Masked(inPlace, p, seed, inPlace: true);
            Assert.True(inPlace.eq(expected).all().item<bool>(), $"{bits}-bit in place");
        }
        long dropped = expected.eq(0).sum().item<long>();
        Assert.InRange(dropped, (long)(n * p * 0.8) - 3, (long)(n * p * 1.2) + 3);
    }
}
