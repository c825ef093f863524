namespace SharpTune.Core.Checkpoints.Gguf;

/// <summary>
/// One tensor of a GGUF file. <see cref="Dims"/> are ggml's, innermost first (an HF [out, in] matrix is [in, out]);
/// <see cref="Offset"/> is relative to the start of the tensor data, <see cref="AbsoluteOffset"/> to the file.
/// </summary>
public sealed record GgufTensorInfo(string Name, long[] Dims, GgufTensorType Type, long Offset, long AbsoluteOffset)
{
    public long ElementCount => Dims.Aggregate(1L, (a, b) => checked(a * b));

    public long ByteLength => GgufTensorData.ByteLength(Type, Dims, Name);

    /// <summary>The shape in PyTorch order (outermost first).</summary>
    public long[] TorchShape => Dims.Reverse().ToArray();
}
