namespace SharpTune.Text.Curation;

/// <summary>A record that cannot be read, with the file and line it came from.</summary>
public sealed class CurationInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CurationInputException() { }

    /// <summary>Creates the exception with a message that names file and line.</summary>
    public CurationInputException(string message) : base(message) { }

    /// <summary>Creates the exception with a cause.</summary>
    public CurationInputException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The category counted under --skip_invalid (invalid_json, not_an_object, missing_FIELD, …).</summary>
    public string Cause { get; init; } = "invalid";
}
