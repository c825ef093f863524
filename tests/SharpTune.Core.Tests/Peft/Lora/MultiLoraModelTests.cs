using SharpTune.Core.Configuration;
using SharpTune.Core.Generation;
using SharpTune.Core.Modeling;
using SharpTune.Core.Peft.Lora;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Peft.Lora;

/// <summary>Several PEFT adapters on one base, chosen per row, against each adapter loaded alone the PEFT way.</summary>
[Collection(TorchCollection.Name)]
public sealed class MultiLoraModelTests
{
    static readonly long[] Prompt = [1, 403, 49, 301, 261, 378, 395, 280];

    static float[,] LastLogits(ICausalLM model, long[][] rows)
    {
        using var _ = no_grad();
        using var ids = tensor(rows.SelectMany(r => r).ToArray(), device: model.device).view(rows.Length, -1);
        using var output = model.forward(new CausalLMInputs { input_ids = ids });
        var last = output.logits.select(1, output.logits.shape[1] - 1).contiguous();
        var flat = last.data<float>().ToArray();
        var result = new float[rows.Length, last.shape[1]];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }

    static float[] Row(float[,] a, int r) => Enumerable.Range(0, a.GetLength(1)).Select(j => a[r, j]).ToArray();

    static float[] Alone(string? adapter)
    {
        using var m = ModelSession.Load(new ModelArguments { ModelNameOrPath = ServedAdapters.Stories, AdapterNameOrPath = adapter is null ? [] : [adapter] });
        return Row(LastLogits(m, [Prompt]), 0);
    }

    static double MaxRelDiff(float[] a, float[] b) =>
        a.Zip(b, (x, y) => Math.Abs(x - y)).Max() / Math.Max(1e-6, b.Max(Math.Abs));

    [Fact]
    public void A_batch_with_rows_of_adapter_a_adapter_b_and_the_base_gives_each_row_its_logits_alone()
    {
        using var dir = TestPaths.NewTempDir();
        string a = ServedAdapters.Save(Path.Combine(dir.Path, "a"), seed: 1, scaleB: 0.5);
        string b = ServedAdapters.Save(Path.Combine(dir.Path, "b"), seed: 2, scaleB: 0.5, target: "all", rank: 2);
        using var multi = MultiLoraModel.Load(ServedAdapters.Stories, [("a", a), ("b", b)]);
        multi.Routing.Assign([0, 1, -1, 0], multi.device);
        var batch = LastLogits(multi, [Prompt, Prompt, Prompt, Prompt]);
        float[] aloneA = Alone(a), aloneB = Alone(b), aloneBase = Alone(null);

        Assert.True(MaxRelDiff(aloneA, aloneBase) > 1e-2, "adapter a must change the outputs for this test to mean anything");
        Assert.True(MaxRelDiff(aloneB, aloneA) > 1e-2, "adapters a and b must differ");
        // fp32: the batched matmuls and the gathered adapter rows sum in a different order than alone; 1e-5 of the
        // largest logit is far above that rounding on any x86-64 kernel and far below the adapters' effect (> 1e-2).
        Assert.True(MaxRelDiff(Row(batch, 0), aloneA) < 1e-5, "row of adapter a");
        Assert.True(MaxRelDiff(Row(batch, 1), aloneB) < 1e-5, "row of adapter b");
        Assert.True(MaxRelDiff(Row(batch, 2), aloneBase) < 1e-5, "row of the base");
        Assert.True(MaxRelDiff(Row(batch, 3), aloneA) < 1e-5, "second row of adapter a");
    }

    [Fact]
    public void Fresh_adapters_leave_the_base_outputs_unchanged()
    {
        using var dir = TestPaths.NewTempDir();
        string fresh = ServedAdapters.Save(Path.Combine(dir.Path, "fresh"), seed: 3, scaleB: 0);
        using var multi = MultiLoraModel.Load(ServedAdapters.Stories, [("fresh", fresh)]);
        float[] baseAlone = Alone(null);
        multi.Routing.Assign([0], multi.device);
        Assert.Equal(baseAlone, Row(LastLogits(multi, [Prompt]), 0));                        // B = 0 adds exact zeros
        multi.Routing.Assign([-1, 0], multi.device);
        var mixed = LastLogits(multi, [Prompt, Prompt]);
        Assert.True(MaxRelDiff(Row(mixed, 1), baseAlone) < 1e-5);                              // batch of 2: see above
    }

    [Fact]
    public void A_dora_adapter_is_refused_with_its_folder_named()
    {
        using var dir = TestPaths.NewTempDir();
        using (var peft = SharpTune.Core.Peft.PeftBuilder.Build(ServedAdapters.Stories, new SharpTune.Core.Peft.FinetuningOptions { UseDora = true, LoraTarget = "q_proj" }))
            peft.Save(dir.Path);
        var e = Assert.Throws<NotSupportedException>(() => MultiLoraModel.Load(ServedAdapters.Stories, [("d", dir.Path)]));
        Assert.Contains(dir.Path, e.Message);
        Assert.Contains("DoRA", e.Message);
    }

    [Fact]
    public void Adapter_names_map_to_their_row_index()
    {
        using var dir = TestPaths.NewTempDir();
        string a = ServedAdapters.Save(Path.Combine(dir.Path, "a"), seed: 1, scaleB: 0.1);
        using var multi = MultiLoraModel.Load(ServedAdapters.Stories, [("x", a), ("y", a)]);
        Assert.Equal(0, multi.IndexOf("x"));
        Assert.Equal(1, multi.IndexOf("y"));
        Assert.Null(multi.IndexOf("z"));
        Assert.Equal(3 * 5, multi.Layers.Count);                                               // q, v, down of 5 layers
    }
}
