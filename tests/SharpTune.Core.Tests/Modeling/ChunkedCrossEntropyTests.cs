using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class ChunkedCrossEntropyTests
{
    [Theory]
    [InlineData(3L, false)]
    [InlineData(64L, false)]
    [InlineData(3L, true)]                                                                   // the softmax + p − onehot kernel
    [InlineData(64L, true)]
    public void Loss_and_gradients_equal_linear_plus_cross_entropy(long chunkRows, bool kernels)
    {
        using var path = new KernelPath(kernels);
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

        // float32 rounding: other summation orders (chunks, the kernel's vectors, oneDNN's blocking on this CPU)
        Tolerance.Close(reference.item<float>(), fused.item<float>(), 2e-6, "loss");
        Assert.InRange(Tolerance.Relative(h2.grad!, h1.grad!), 0, 1e-5);
        Assert.InRange(Tolerance.Relative(w2.grad!, w1.grad!), 0, 1e-5);
    }

    [Fact]
    public void A_label_whose_probability_underflows_float32_still_gets_its_exact_loss()
    {
        var h = eye(4, 8).requires_grad_();                                                  // row i selects weight column i
        var w = zeros(50, 8);
        w[3] = tensor(new float[] { 0, 0, 0, 0, 0, 0, 0, 0 });
        w.index_put_(tensor(200f), 7, 0);                                                    // class 7 wins row 0 by 200 nats
        var labels = tensor(new long[] { 3, 1, -100, 2 });
        var reference = nn.functional.cross_entropy(nn.functional.linear(h, w), labels, ignore_index: -100);
        var fused = ChunkedCrossEntropy.compute(h, w, labels, 2);
        Assert.True(float.IsFinite(fused.item<float>()));
        Assert.InRange(Math.Abs(reference.item<float>() - fused.item<float>()), 0, 1e-4);
        Assert.InRange(fused.item<float>(), 60, 80);                                         // (200 + 2·ln 50) / 3
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bfloat16_inputs_give_the_float32_loss_and_gradient_to_bf16_rounding(bool kernels)
    {
        using var path = new KernelPath(kernels);
        manual_seed(5);
        var h = randn(40, 16);
        var w = randn(300, 16) * 0.3;
        var labels = randint(0, 300, [40]);
        var h1 = h.clone().requires_grad_();
        var reference = nn.functional.cross_entropy(nn.functional.linear(h1, w.to_type(ScalarType.BFloat16).to_type(ScalarType.Float32)), labels);
        reference.backward();
        var h2 = h.to_type(ScalarType.BFloat16).requires_grad_();
        var fused = ChunkedCrossEntropy.compute(h2, w.to_type(ScalarType.BFloat16), labels, 16);
        fused.backward();
        Assert.InRange(Math.Abs(reference.item<float>() - fused.item<float>()), 0, 0.05);
        Assert.InRange(Tolerance.RelativeNorm(h2.grad!, h1.grad!), 0, 0.02);
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
[Trait("Category", "Numeric")]
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
