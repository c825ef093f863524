namespace SharpTune.Core.Checkpoints;

/// <summary>One tensor's header entry: dtype name, shape and absolute byte range in the file.</summary>
public sealed record SafetensorsEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => checked(a * b));

    /// <summary>Byte length of the data.</summary>
    public long ByteLength => End - Begin;
}
