namespace SharpTune.Core.Checkpoints;

/// <summary>A safetensors / checkpoint file is malformed; the message names the file and the tensor or key.</summary>
public sealed class SafetensorsFormatException : IOException
{
    public SafetensorsFormatException(string message) : base(message) { }
    public SafetensorsFormatException(string message, Exception inner) : base(message, inner) { }
}
