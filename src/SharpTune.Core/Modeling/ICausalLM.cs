using SharpTune.Core.Checkpoints;
using static TorchSharp.torch;

namespace SharpTune.Core.Modeling;

/// <summary>
/// What generation, evaluation and training need from a causal LM: a base model, or a base model wrapped by a
/// fine-tuning method that changes the inputs (prompt tuning) or the attention cache (prefix tuning).
/// </summary>
public interface ICausalLM
{
    ModelConfig config { get; }
    CausalLMOutput forward(CausalLMInputs inputs);
    /// <summary>A cache for <paramref name="batch"/> rows and <paramref name="capacity"/> new positions (the method adds what it prepends).</summary>
    KvCache create_cache(long batch, long capacity);
    /// <summary>Where the model's weights live (inputs are created there).</summary>
    Device device => this is nn.Module m ? m.parameters().First().device : CPU;
}
