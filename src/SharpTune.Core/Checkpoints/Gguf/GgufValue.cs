using System.Globalization;

namespace SharpTune.Core.Checkpoints.Gguf;

/// <summary>
/// One GGUF metadata value: a scalar (uint/int/float/bool/string boxed in <see cref="Value"/>) or an array of
/// <see cref="ElementType"/> (<see cref="Value"/> is then an <c>IReadOnlyList&lt;object&gt;</c>; nested arrays are not used).
/// </summary>
public sealed record GgufValue(GgufValueType Type, object Value, GgufValueType ElementType = GgufValueType.UInt8)
{
    public static GgufValue Of(string s) => new(GgufValueType.String, s);
    public static GgufValue Of(uint v) => new(GgufValueType.UInt32, v);
    public static GgufValue Of(int v) => new(GgufValueType.Int32, v);
    public static GgufValue Of(float v) => new(GgufValueType.Float32, v);
    public static GgufValue Of(bool v) => new(GgufValueType.Bool, v);
    public static GgufValue Strings(IEnumerable<string> items) => new(GgufValueType.Array, items.Cast<object>().ToList(), GgufValueType.String);
    public static GgufValue Floats(IEnumerable<float> items) => new(GgufValueType.Array, items.Cast<object>().ToList(), GgufValueType.Float32);
    public static GgufValue Ints(IEnumerable<int> items) => new(GgufValueType.Array, items.Cast<object>().ToList(), GgufValueType.Int32);

    /// <summary>The elements of an array value.</summary>
    public IReadOnlyList<object> Items => Type == GgufValueType.Array ? (IReadOnlyList<object>)Value
        : throw new InvalidOperationException($"a {Type} value is not an array");

    /// <summary>A short human-readable form (arrays show their type, length and first elements).</summary>
    public override string ToString()
    {
        if (Type != GgufValueType.Array) return Show(Value);
        var head = Items.Take(5).Select(Show);
        return $"[{ElementType} × {Items.Count}] {string.Join(", ", head)}{(Items.Count > 5 ? ", …" : "")}";
    }

    static string Show(object v) => v switch
    {
        string s => s.Length > 80 ? $"\"{s[..77]}…\" ({s.Length} chars)" : $"\"{s}\"",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
