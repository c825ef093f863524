namespace SharpTune.Text.Tokenization;

/// <summary>A tokenizer file is malformed; the message names the file and the offending key.</summary>
public sealed class TokenizerFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="file"/> at JSON path / field <paramref name="key"/>.</summary>
    public TokenizerFormatException(string file, string key, string problem, Exception? inner = null)
        : base($"{file}: {key}: {problem}", inner)
    {
        File = file;
        Key = key;
    }

    /// <summary>The file that could not be read.</summary>
    public string File { get; }

    /// <summary>The JSON key (path) or protobuf field that was wrong.</summary>
    public string Key { get; }
}
