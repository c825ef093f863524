namespace SharpTune.Core.Checkpoints.Gguf;

/// <summary>A GGUF file is malformed or unsupported; the message names the file, the key or tensor, and what was expected.</summary>
public sealed class GgufFormatException : IOException
{
    public GgufFormatException(string message) : base(message) { }
    public GgufFormatException(string message, Exception inner) : base(message, inner) { }
}
