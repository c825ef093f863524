using TorchSharp;

namespace SharpTune.Core.Checkpoints;

/// <summary>The safetensors dtype names SharpTune reads and writes, and their TorchSharp equivalents.</summary>
public static class SafetensorsDType
{
    static readonly Dictionary<string, (torch.ScalarType Type, int Size)> ByName = new(StringComparer.Ordinal)
    {
        ["F32"] = (torch.ScalarType.Float32, 4),
        ["F16"] = (torch.ScalarType.Float16, 2),
        ["BF16"] = (torch.ScalarType.BFloat16, 2),
        ["F64"] = (torch.ScalarType.Float64, 8),
        ["I64"] = (torch.ScalarType.Int64, 8),
        ["I32"] = (torch.ScalarType.Int32, 4),
        ["I16"] = (torch.ScalarType.Int16, 2),
        ["I8"] = (torch.ScalarType.Int8, 1),
        ["U8"] = (torch.ScalarType.Byte, 1),
        ["BOOL"] = (torch.ScalarType.Bool, 1),
    };

    /// <summary>True when <paramref name="name"/> is a dtype this reader supports.</summary>
    public static bool IsKnown(string name) => ByName.ContainsKey(name);

    /// <summary>Bytes per element of a known dtype name.</summary>
    public static int ElementSize(string name) => ByName[name].Size;

    /// <summary>The TorchSharp scalar type of a known dtype name.</summary>
    public static torch.ScalarType ToScalarType(string name) => ByName[name].Type;

    /// <summary>The safetensors name of a TorchSharp scalar type.</summary>
    public static string FromScalarType(torch.ScalarType type)
    {
        foreach (var (name, info) in ByName)
            if (info.Type == type) return name;
        throw new NotSupportedException($"safetensors cannot store dtype {type}");
    }

    /// <summary>All supported names, for error messages.</summary>
    public static string KnownNames => string.Join(", ", ByName.Keys);
}
