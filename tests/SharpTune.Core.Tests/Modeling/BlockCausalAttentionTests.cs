using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class BlockCausalAttentionTests
{
    static Tensor Repeat(Tensor kv, long rep) =>
        kv.unsqueeze(2).expand(kv.shape[0], kv.shape[1], rep, kv.shape[2], kv.shape[3]).reshape(kv.shape[0], kv.shape[1] * rep, kv.shape[2], kv.shape[3]);

    [Theory]
    [InlineData(1L, 4L, 2L, 300L, ScalarType.Float32, 1e-5)]    // three blocks, the last partial; grouped heads
    [InlineData(2L, 2L, 2L, 128L, ScalarType.Float32, 1e-5)]    // exactly one block, no grouping
    [InlineData(2L, 6L, 2L, 37L, ScalarType.Float32, 1e-5)]     // shorter than a block, three heads per group
    [InlineData(2L, 4L, 2L, 256L, ScalarType.BFloat16, 2e-2)]
    public void Output_and_gradients_equal_the_explicit_softmax_attention(long B, long heads, long kvHeads, long T, ScalarType dtype, double tol)
    {
        manual_seed(21);
        long d = 16, rep = heads / kvHeads;
        var q0 = randn(B, heads, T, d);
        var k0 = randn(B, kvHeads, T, d);
        var v0 = randn(B, kvHeads, T, d);
        var gy = randn(B, heads, T, d);
        var (q1, k1, v1) = (q0.clone().requires_grad_(), k0.clone().requires_grad_(), v0.clone().requires_grad_());
        var expected = LlamaAttention.eager_attention(q1, Repeat(k1, rep), Repeat(v1, rep), null, causal: true);  // float32 reference
        expected.backward([gy]);

        foreach (bool kernels in new[] { false, true })                                     // libtorch's softmax per block, and the kernel's
        {
            using var path = new KernelPath(kernels);
            var (q2, k2, v2) = (q0.to_type(dtype).clone().requires_grad_(), k0.to_type(dtype).clone().requires_grad_(), v0.to_type(dtype).clone().requires_grad_());
            var actual = BlockCausalAttention.compute(q2, k2, v2);
            actual.backward([gy.to_type(dtype)]);

            Assert.Equal(dtype, actual.dtype);
            Assert.Equal(expected.shape, actual.shape);
            Assert.InRange(Tolerance.RelativeNorm(actual, expected), 0, tol);
            Assert.InRange(Tolerance.RelativeNorm(q2.grad!, q1.grad!), 0, tol);
            Assert.InRange(Tolerance.RelativeNorm(k2.grad!, k1.grad!), 0, tol);
            Assert.InRange(Tolerance.RelativeNorm(v2.grad!, v1.grad!), 0, tol);
        }
    }

    [Fact]
    public void A_bf16_model_trains_the_same_through_blocked_and_eager_attention()
    {
        var config = SharpTune.Core.Benchmarking.PeerConfigs.Get("tiny");
        var ids = randint(0, config.VocabSize, [2, 150]);
        double Loss(AttentionImplementation impl, out Tensor grad)
        {
            manual_seed(4);
            using var model = new LlamaForCausalLM(config, ScalarType.BFloat16);
            model.attn_implementation = impl;
            var loss = model.forward(new CausalLMInputs { input_ids = ids, labels = ids, loss_only = true }).loss!;
            loss.backward();
            grad = model.model.layers[0].self_attn.q_proj is TorchSharp.Modules.Linear l ? l.weight!.grad!.to_type(ScalarType.Float32).clone() : throw new InvalidOperationException();
            return loss.item<float>();
        }
        double blocked = Loss(AttentionImplementation.Sdpa, out var g1);
        double eager = Loss(AttentionImplementation.Eager, out var g2);
        Assert.InRange(Math.Abs(blocked - eager), 0, 2e-3);
        Assert.InRange(Tolerance.RelativeNorm(g1, g2), 0, 5e-2);
    }
}
