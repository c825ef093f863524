namespace SharpTune.Text.Curation;

/// <summary>The shape of the records being curated.</summary>
public enum RecordKind
{
    /// <summary>Translation pairs: two language fields.</summary>
    Pairs,

    /// <summary>Alpaca: instruction, input, output.</summary>
    Alpaca,

    /// <summary>ShareGPT: role-tagged turns.</summary>
    ShareGpt,
}
