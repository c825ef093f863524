namespace SharpTune.Core.Modeling;

/// <summary>Which attention kernel runs: libtorch's scaled_dot_product_attention (default) or the explicit softmax path of transformers' eager attention.</summary>
public enum AttentionImplementation { Sdpa, Eager }
