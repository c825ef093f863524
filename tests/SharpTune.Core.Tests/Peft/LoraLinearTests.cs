using SharpTune.Core.Checkpoints;
using SharpTune.Core.Modeling;
using SharpTune.Core.Peft;
using SharpTune.Core.Peft.Adapter;
using SharpTune.Core.Peft.Lora;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Peft;

/// <summary>LoRA / DoRA layer formulas and bottleneck adapters against direct computations.</summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class LoraLinearTests
{
    static LoraLinear Layer(bool dora, double dropout = 0, bool bias = true)
    {
        manual_seed(5);
        var l = new LoraLinear(6, 5, bias, ScalarType.Float32, ScalarType.Float32, r: 3, scaling: 2.0, dropout: dropout, use_dora: dora);
        using (no_grad())
        {
            l.weight.copy_(randn(5, 6));
            l.bias?.copy_(randn(5));
            l.lora_B.weight!.copy_(randn(5, 3) * 0.3);
        }
        return l;
    }

    [Fact]
    public void Lora_forward_is_base_plus_scaled_BA()
    {
        using var l = Layer(dora: false);
        var x = randn(2, 4, 6);
        var expected = nn.functional.linear(x, l.weight + 2.0 * matmul(l.lora_B.weight!, l.lora_A.weight!), l.bias);
        Assert.True(PeftMethods.MaxDiff(l.forward(x), expected) < 1e-5);
    }

    [Fact]
    public void Dora_forward_uses_the_magnitude_over_the_row_norm_of_the_combined_weight()
    {
        using var l = Layer(dora: true);
        using (no_grad()) l.lora_magnitude_vector!.copy_(rand(5) + 0.5);
        var x = randn(2, 4, 6);
        var combined = l.weight + 2.0 * matmul(l.lora_B.weight!, l.lora_A.weight!);          // (out, in)
        var w = combined * (l.lora_magnitude_vector! / combined.norm(1, false, 2)).view(-1, 1);
        Assert.True(PeftMethods.MaxDiff(l.forward(x), nn.functional.linear(x, w, l.bias)) < 1e-5);
    }

    [Fact]
    public void Dropout_applies_to_the_lora_input_only()
    {
        using var l = Layer(dora: false, dropout: 0.9);
        using (no_grad()) l.lora_B.weight!.zero_();
        l.train();
        var x = randn(2, 4, 6);
        Assert.True(PeftMethods.MaxDiff(l.forward(x), nn.functional.linear(x, l.weight, l.bias)) == 0);
    }

    [Fact]
    public void Training_forward_is_base_plus_scaled_BA_of_the_inverted_dropout_of_x()
    {
        using var l = Layer(dora: false, dropout: 0.3);
        l.train();
        var x = randn(2, 4, 6, requires_grad: true);
        manual_seed(77);
        var y = l.forward(x);
        manual_seed(77);
        var kept = FastDropout.DropMask(x.shape, 0.3).logical_not().to_type(ScalarType.Float32);   // the same draw
        var dropped = x.detach() * kept / 0.7;
        var expected = nn.functional.linear(x.detach(), l.weight, l.bias)
            + 2.0 * nn.functional.linear(nn.functional.linear(dropped, l.lora_A.weight!), l.lora_B.weight!);
        Assert.True(PeftMethods.MaxDiff(y, expected) < 1e-5);
        y.sum().backward();                                                                   // dL/dA = s · Bᵀ 1 · dropped
        var gradA = 2.0 * matmul(l.lora_B.weight!.detach().t(), ones(5, 8)).matmul(dropped.reshape(8, 6));
        Assert.True(PeftMethods.MaxDiff(l.lora_A.weight!.grad!, gradA) < 1e-4);
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    public void The_dropout_node_gives_the_op_by_op_graphs_output_and_gradients(ScalarType dtype)
    {
        manual_seed(5);
        using var l = new LoraLinear(24, 20, false, dtype, ScalarType.Float32, r: 4, scaling: 2.0, dropout: 0.25, use_dora: false);
        using (no_grad()) l.lora_B.weight!.copy_(randn(20, 4) * 0.3);
        l.train();
        var x0 = randn(3, 7, 24).to_type(dtype);
        var dy = randn(3, 7, 20).to_type(dtype);
        var x1 = x0.clone().requires_grad_();
        manual_seed(77);
        var y1 = l.forward(x1);
        y1.backward([dy]);

        var x2 = x0.clone().requires_grad_();
        var a2 = l.lora_A.weight!.detach().clone().requires_grad_();
        var b2 = l.lora_B.weight!.detach().clone().requires_grad_();
        manual_seed(77);
        var mask = FastDropout.DropMask(x0.shape, 0.25);                                     // the same draw
        var down = nn.functional.linear(x2.masked_fill(mask, 0), a2.to_type(dtype));
        var y2 = nn.functional.linear(x2, l.weight).add_(nn.functional.linear(down, b2.to_type(dtype)), 2.0 / 0.75);
        y2.backward([dy]);

        Assert.Equal(0, PeftMethods.MaxDiff(y1, y2));
        Assert.Equal(0, PeftMethods.MaxDiff(x1.grad!, x2.grad!));
        Assert.Equal(0, PeftMethods.MaxDiff(l.lora_A.weight!.grad!, a2.grad!));
        Assert.Equal(0, PeftMethods.MaxDiff(l.lora_B.weight!.grad!, b2.grad!));
        Assert.True(l.lora_A.weight!.grad!.abs().sum().item<float>() > 0);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("gelu")]
    [InlineData("silu")]
    public void Bottleneck_adapter_starts_as_identity_and_adds_up_of_act_of_down(string act)
    {
        using var a = new BottleneckAdapter(6, 3, act, ScalarType.Float32);
        var h = randn(2, 4, 6);
        Assert.True(PeftMethods.MaxDiff(a.forward(h), h) == 0);
        using (no_grad()) a.up_proj.weight!.copy_(randn(6, 3));
        var z = a.down_proj.forward(h);
        z = act == "relu" ? nn.functional.relu(z) : act == "gelu" ? nn.functional.gelu(z) : nn.functional.silu(z);
        Assert.True(PeftMethods.MaxDiff(a.forward(h), h + a.up_proj.forward(z)) < 1e-6);
    }

    [Fact]
    public void Lora_on_a_qwen2_base_with_qkv_bias_loads_and_merges()
    {
        string qwen = Path.Combine(TestPaths.HfFixtures, "qwen2_untied", "model");
        using var baseModel = ModelLoader.Load(qwen);
        using var model = PeftBuilder.Build(qwen, new FinetuningOptions { FinetuningType = "lora", LoraRank = 2, UseDora = true });
        Assert.NotNull(model.LoraLayers["model.layers.0.self_attn.q_proj"].bias);
        Assert.True(PeftMethods.MaxDiff(PeftMethods.Logits(model), PeftMethods.Logits(baseModel)) == 0);
        PeftMethods.Train(model);
        var adapter = PeftMethods.Logits(model);
        model.Merge();
        Assert.True(PeftMethods.MaxDiff(PeftMethods.Logits(model), adapter) <= 1e-4);
    }
}
