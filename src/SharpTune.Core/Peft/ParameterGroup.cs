// One row of the parameter report (PEFT print_trainable_parameters, broken down by component).
namespace SharpTune.Core.Peft;

/// <summary>Parameter counts of one component (embed_tokens, layers, norm, lm_head, lora, adapter, prompt_encoder).</summary>
public sealed record ParameterGroup(string Name, long Trainable, long Total);
