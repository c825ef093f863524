using SharpTune.Core.Checkpoints;
using SharpTune.Core.Evaluation;
using SharpTune.Core.Tests.Modeling;
using SharpTune.Core.Training;

namespace SharpTune.Core.Tests.Evaluation;

[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class PerplexityTests
{
    [Fact]
    public void Eval_loss_equals_the_transformers_loss_and_perplexity_is_its_exponential()
    {
        using var c = new HfCase("llama_untied");
        using var model = ModelLoader.Load(Path.Combine(c.Dir, "model"));
        var ids = c.T("full.input_ids").data<long>().ToArray();
        var rows = Enumerable.Range(0, 2).Select(r => ids.Skip(r * 12).Take(12).Select(x => (int)x).ToArray())
            .Select(a => new TokenizedExample(a, a.ToArray())).ToList();
        var r = Perplexity.Compute(model, rows, batchSize: 1, padId: 0);
        Assert.InRange(Math.Abs(r.Loss - c.T("full.loss").item<float>()), 0, 1e-4);
        Assert.Equal(Math.Exp(r.Loss), r.Perplexity, 9);
        Assert.Equal(22, r.Tokens);
    }
}
