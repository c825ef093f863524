using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

[Collection(TorchCollection.Name)]
public sealed class ChunkedCrossEntropyTests
{
    [Theory]
    [InlineData(3L)]
    [InlineData(64L)]
    public void Loss_and_gradients_equal_linear_plus_cross_entropy(long chunkRows)
    {
        manual_seed(3);
        var h1 = randn(17, 8, requires_grad: true);
        var w1 = randn(50, 8, requires_grad: true);
        var labels = randint(0, 50, [17]);
        labels[2] = tensor(-100L);
        labels[9] = tensor(-100L);
        var h2 = h1.detach().clone().requires_grad_();
        var w2 = w1.detach().clone().requires_grad_();

        var reference = nn.functional.cross_entropy(nn.functional.linear(h1, w1), labels, ignore_index: -100);
        reference.backward();
        var fused = ChunkedCrossEntropy.compute(h2, w2, labels, chunkRows);
        fused.backward();

        Assert.InRange(Math.Abs(reference.item<float>() - fused.item<float>()), 0, 1e-5);
        Assert.InRange((h1.grad! - h2.grad!).abs().max().item<float>(), 0, 1e-6);
        Assert.InRange((w1.grad! - w2.grad!).abs().max().item<float>(), 0, 1e-6);
    }

    [Fact]
    public void A_frozen_weight_gets_no_gradient()
    {
        var h = randn(4, 8, requires_grad: true);
        var w = randn(10, 8);
        ChunkedCrossEntropy.compute(h, w, randint(0, 10, [4])).backward();
        Assert.NotNull(h.grad);
        Assert.Null(w.grad);
    }
}

[Collection(TorchCollection.Name)]
public sealed class LossOnlyForwardTests
{
    [Fact]
    public void Loss_only_forward_gives_the_transformers_loss_on_padded_batches()
    {
        using var c = new HfCase("qwen2_untied");
        using var model = SharpTune.Core.Checkpoints.ModelLoader.Load(Path.Combine(c.Dir, "model"));
        using var o = model.forward(new CausalLMInputs { input_ids = c.T("rpad.input_ids"), attention_mask = c.T("rpad.attention_mask"), labels = c.T("rpad.labels"), loss_only = true });
        Assert.Equal(0, o.logits.NumberOfElements);
        Assert.InRange(Math.Abs(o.loss!.item<float>() - c.T("rpad.loss").item<float>()), 0, 1e-4);
    }
}
