namespace SharpTune.Core.Checkpoints.Gguf;

/// <summary>The ggml tensor types SharpTune writes and reads (ggml.h <c>ggml_type</c>).</summary>
public enum GgufTensorType : uint
{
    F32 = 0,
    F16 = 1,
    Q8_0 = 8,
    BF16 = 30,
}
