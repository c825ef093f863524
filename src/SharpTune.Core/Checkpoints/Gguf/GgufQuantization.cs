namespace SharpTune.Core.Checkpoints.Gguf;

/// <summary>
/// <c>--export_quantization</c> f32 | f16 | bf16 | q8_0: the ggml type of each tensor and <c>general.file_type</c>, as
/// llama.cpp's converter chooses them (1-D tensors stay F32; a Q8_0 tensor whose rows are not a multiple of 32 falls back
/// to F16).
/// </summary>
public sealed record GgufQuantization(string Name, GgufTensorType MatrixType, uint FileType)
{
    public static readonly IReadOnlyList<GgufQuantization> All =
    [
        new("f32", GgufTensorType.F32, 0),
        new("f16", GgufTensorType.F16, 1),
        new("bf16", GgufTensorType.BF16, 32),
        new("q8_0", GgufTensorType.Q8_0, 7),
    ];

    public static GgufQuantization Parse(string name) =>
        All.FirstOrDefault(q => q.Name == name.ToLowerInvariant())
        ?? throw new ArgumentException($"--export_quantization '{name}' is not supported (expected one of {string.Join(", ", All.Select(q => q.Name))})");

    /// <summary>The type of a tensor of PyTorch shape <paramref name="shape"/>.</summary>
    public GgufTensorType TypeFor(long[] shape) =>
        shape.Length < 2 ? GgufTensorType.F32
        : MatrixType == GgufTensorType.Q8_0 && shape[^1] % GgufTensorData.Q8BlockSize != 0 ? GgufTensorType.F16
        : MatrixType;

    public bool Quantized => MatrixType == GgufTensorType.Q8_0;
}
