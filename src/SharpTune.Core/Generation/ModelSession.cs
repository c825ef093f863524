using SharpTune.Core.Checkpoints;
using SharpTune.Core.Configuration;
using SharpTune.Core.Modeling;
using SharpTune.Core.Native;
using SharpTune.Core.Peft;
using TorchSharp;

namespace SharpTune.Core.Generation;

/// <summary>A model loaded for inference, with its adapters when given (the method comes from the last adapter's config).</summary>
public sealed class ModelSession : ICausalLM, IDisposable
{
    readonly ICausalLM _model;
    readonly torch.nn.Module _module;

    ModelSession(ICausalLM model, torch.nn.Module module) { _model = model; _module = module; }

    public static ModelSession Load(ModelArguments m)
    {
        string dir = m.ModelNameOrPath ?? throw new ArgumentException("--model_name_or_path is required");
        if (m.TrainFromScratch) throw new ArgumentException("--train_from_scratch applies to `sharptune train` only: a model that answers needs trained weights");
        var device = TorchDevice.Resolve(m.Device);
        var dtype = TorchDevice.ParseDType(m.Dtype);
        if (m.AdapterNameOrPath.Count == 0)
        {
            var plain = ModelLoader.Load(dir, dtype, device: device);
            plain.eager_attention = m.EagerAttention;
            return new ModelSession(plain, plain);
        }
        var peft = PeftBuilder.Build(dir, new FinetuningOptions(), m.AdapterNameOrPath, dtype, device: device);
        peft.base_model.eager_attention = m.EagerAttention;
        peft.eval();
        return new ModelSession(peft, peft);
    }

    public ModelConfig config => _model.config;
    public CausalLMOutput forward(CausalLMInputs inputs) => _model.forward(inputs);
    public KvCache create_cache(long batch, long capacity) => _model.create_cache(batch, capacity);
    public torch.Device device => _module.parameters().First().device;
    public void Dispose() => _module.Dispose();
}
