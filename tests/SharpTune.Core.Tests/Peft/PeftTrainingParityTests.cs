using SharpTune.Core.Modeling;
using SharpTune.Core.Tests.Modeling;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Peft;

/// <summary>
/// One training step on the `full` batch (labels = input_ids) from the PEFT fixture adapters: the trainable parameter
/// names, their gradients (≤ 1e-5 + 1e-3·|expected|) and their values after one AdamW step (≤ 1e-5) equal PEFT's.
/// </summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "HfParity")]
public sealed class PeftTrainingParityTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Cases() => PeftCase.AdapterCases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_and_one_AdamW_step_match_peft(string name)
    {
        using var c = new HfCase(name);
        using var model = PeftCase.Load(c);
        model.train();
        var trainable = model.TrainableParameters().ToDictionary(p => p.name, p => p.parameter);
        if (c.Json.TryGetProperty("train.trainable_parameter_names", out var names))
            Assert.Equal(names.EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal), trainable.Keys.Order(StringComparer.Ordinal));
        var ids = c.T("full.input_ids");
        using var o = model.forward(new CausalLMInputs { input_ids = ids, attention_mask = c.T("full.attention_mask"), labels = ids });
        if ((PeftCase.JsonNumber(c, "train.loss_before") ?? PeftCase.JsonNumber(c, "train.loss")) is { } loss)
            Assert.True(Math.Abs(o.loss!.item<float>() - loss) <= 1e-4, $"training loss {o.loss!.item<float>()} vs {loss}");
        o.loss!.backward();
        foreach (var (n, p) in model.named_parameters())
            Assert.True(p.requires_grad || p.grad is null, $"frozen parameter {n} got a gradient");
        int checkedGrads = 0;
        foreach (var (n, p) in trainable)
        {
            if (!c.Has($"train.grad.{n}")) continue;
            var (excess, maxAbs) = PeftCase.Compare(p.grad!, c.T($"train.grad.{n}"), 1e-5, 1e-3);
            output.WriteLine($"{name} grad {n}: max |Δ| = {maxAbs:E2}");
            Assert.True(excess <= 0, $"gradient of {n} differs by {maxAbs}");
            checkedGrads++;
        }
        Assert.True(checkedGrads > 0, "the fixture has no train.grad.* tensor for a trainable parameter");
        using var opt = optim.AdamW(trainable.Values, lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0);
        opt.step();
        foreach (var (n, p) in trainable)
        {
            if (!c.Has($"train.updated.{n}")) continue;
            var (_, maxAbs) = PeftCase.Compare(p, c.T($"train.updated.{n}"), 0, 0);
            output.WriteLine($"{name} updated {n}: max |Δ| = {maxAbs:E2}");
            Assert.True(maxAbs <= 1e-5, $"{n} after one AdamW step differs by {maxAbs}");
        }
    }
}
