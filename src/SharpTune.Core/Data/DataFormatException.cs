namespace SharpTune.Core.Data;

/// <summary>A dataset or registry entry is malformed; the message names the file and line (or key).</summary>
public sealed class DataFormatException : FormatException
{
    public DataFormatException(string message) : base(message) { }
    public DataFormatException(string message, Exception inner) : base(message, inner) { }
}
