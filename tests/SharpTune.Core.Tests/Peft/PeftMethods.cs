using SharpTune.Core.Modeling;
using SharpTune.Core.Peft;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Peft;

/// <summary>The fine-tuning methods the invariant tests run on the tiny fixture base, by name.</summary>
internal static class PeftMethods
{
    public static readonly IReadOnlyDictionary<string, FinetuningOptions> All = new Dictionary<string, FinetuningOptions>
    {
        ["lora"] = new() { FinetuningType = "lora", LoraRank = 4, LoraTarget = "all" },
        ["lora_qv_rslora"] = new() { FinetuningType = "lora", LoraRank = 4, LoraAlpha = 16, LoraTarget = "q_proj,v_proj", UseRslora = true },
        ["dora"] = new() { FinetuningType = "lora", LoraRank = 4, LoraTarget = "all", UseDora = true },
        ["lora_additional_target"] = new() { FinetuningType = "lora", LoraRank = 2, LoraTarget = "o_proj", AdditionalTarget = "embed_tokens,lm_head" },
        ["prompt_tuning"] = new() { FinetuningType = "prompt_tuning", NumVirtualTokens = 3 },
        ["prefix_tuning"] = new() { FinetuningType = "prefix_tuning", NumVirtualTokens = 3 },
        ["prefix_projection"] = new() { FinetuningType = "prefix_tuning", NumVirtualTokens = 3, PrefixProjection = true, EncoderHiddenSize = 24 },
        ["adapter_houlsby"] = new() { FinetuningType = "adapter", AdapterType = "houlsby", AdapterSize = 8, AdapterAct = "gelu" },
        ["adapter_pfeiffer"] = new() { FinetuningType = "adapter", AdapterType = "pfeiffer", AdapterSize = 8, AdapterAct = "silu" },
        ["full"] = new() { FinetuningType = "full" },
        ["freeze"] = new() { FinetuningType = "freeze", FreezeTrainableLayers = 1 },
    };

    public static IEnumerable<object[]> Names(Func<string, bool>? where = null) =>
        All.Keys.Where(k => where?.Invoke(k) ?? true).Select(k => new object[] { k });

    public static bool IsAdapter(string m) => All[m].FinetuningType is not ("full" or "freeze");
    public static bool IsLora(string m) => All[m].FinetuningType == "lora";

    public static PeftModel Build(string method, IReadOnlyList<string>? adapters = null) =>
        PeftBuilder.Build(PeftCase.TinyBase, All[method], adapters);

    /// <summary>The `rpad` batch of the fixtures: (ids, mask), both (2, 12).</summary>
    public static (Tensor ids, Tensor mask) Batch()
    {
        var ids = tensor(new long[,] { { 1, 170, 291, 280, 198, 305, 252, 279, 145, 285, 289, 197 }, { 1, 224, 184, 144, 75, 176, 199, 0, 0, 0, 0, 0 } });
        var mask = ids.ne(0).to_type(ScalarType.Int64);
        mask[0, 0] = 1;
        return (ids, mask);
    }

    public static Tensor Logits(ICausalLM model)
    {
        var (ids, mask) = Batch();
        using var _ = no_grad();
        using var o = model.forward(new CausalLMInputs { input_ids = ids, attention_mask = mask });
        return o.logits.clone();
    }

    /// <summary>Two AdamW steps (lr 1e-2) on the batch, so every trainable tensor moves away from its initial value.</summary>
    public static void Train(PeftModel model, int steps = 2)
    {
        var (ids, mask) = Batch();
        var labels = ids.masked_fill(mask.eq(0), -100);
        model.train();
        using var opt = optim.AdamW(model.TrainableParameters().Select(p => p.parameter), lr: 1e-2, weight_decay: 0);
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            using var o = model.forward(new CausalLMInputs { input_ids = ids, attention_mask = mask, labels = labels });
            o.loss!.backward();
            opt.step();
        }
        model.eval();
    }

    public static double MaxDiff(Tensor a, Tensor b) => (a.to_type(ScalarType.Float32) - b.to_type(ScalarType.Float32)).abs().max().item<float>();
}
