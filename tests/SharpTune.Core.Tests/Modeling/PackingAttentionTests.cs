using SharpTune.Core.Checkpoints;
using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class PackingAttentionTests
{
    [Fact]
    public void Packed_examples_give_the_same_logits_as_each_example_alone()
    {
        using var model = ModelLoader.Load(Path.Combine(TestPaths.HfFixtures, "qwen2_untied", "model"));
        using var _ = no_grad();
        long[] a = [1, 80, 129, 211, 146], b = [1, 184, 176, 46];
        using var alone_a = model.forward(new CausalLMInputs { input_ids = tensor(a).unsqueeze(0) });
        using var alone_b = model.forward(new CausalLMInputs { input_ids = tensor(b).unsqueeze(0) });
        using var packed = model.forward(new CausalLMInputs
        {
            input_ids = tensor(a.Concat(b).ToArray()).unsqueeze(0),
            position_ids = tensor(new long[] { 0, 1, 2, 3, 4, 0, 1, 2, 3 }).unsqueeze(0),
            segment_ids = tensor(new long[] { 1, 1, 1, 1, 1, 2, 2, 2, 2 }).unsqueeze(0),
        });
        double ea = (packed.logits.narrow(1, 0, 5) - alone_a.logits).abs().max().item<float>();
        double eb = (packed.logits.narrow(1, 5, 4) - alone_b.logits).abs().max().item<float>();
        Assert.True(ea < 1e-5 && eb < 1e-5, $"packed logits differ: {ea}, {eb}");
    }
}
