using SharpTune.Core.Checkpoints;
using SharpTune.Core.Modeling;
using SharpTune.Core.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Training;

/// <summary>Full fine-tuning of the fixture model for loop tests; optionally reports a NaN loss at a given call.</summary>
internal sealed class FullModelForTests(LlamaForCausalLM model, int nanAtCall = -1) : ITrainableModel, IDisposable
{
    int _calls;
    public LlamaForCausalLM Inner => model;
    public ModelConfig config => model.config;
    public KvCache create_cache(long batch, long capacity) => model.create_cache(batch, capacity);

    public CausalLMOutput forward(CausalLMInputs inputs)
    {
        var o = model.forward(inputs);
        if (++_calls != nanAtCall) return o;
        return new CausalLMOutput { logits = o.logits, loss = o.loss! * double.NaN };
    }

    public IReadOnlyList<(string name, Parameter parameter)> TrainableParameters() => model.named_parameters().ToList();
    public void Save(string dir) => ModelLoader.Save(model, dir);
    public void Dispose() => model.Dispose();

    public static FullModelForTests Load(int nanAtCall = -1) =>
        new(ModelLoader.Load(Path.Combine(TestPaths.HfFixtures, "llama_untied", "model")), nanAtCall);

    /// <summary>A learnable toy set: each sequence counts upward from a random start (mod vocab).</summary>
    public static List<TokenizedExample> CountingData(int n, int len, int vocab, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            int start = rng.Next(3, vocab);
            var ids = Enumerable.Range(0, len).Select(i => 3 + (start + i) % (vocab - 3)).ToArray();
            return new TokenizedExample(ids, ids.ToArray());
        }).ToList();
    }
}
