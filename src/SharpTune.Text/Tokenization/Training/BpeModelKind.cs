namespace SharpTune.Text.Tokenization.Training;

/// <summary>The two BPE flavours the trainer writes.</summary>
public enum BpeModelKind
{
    /// <summary>
    /// SentencePiece-style (Llama 2): spaces become <c>▁</c>, <c>▁</c> is prepended, characters are the alphabet,
    /// unknown characters fall back to byte tokens <c>&lt;0x00&gt;</c>…<c>&lt;0xFF&gt;</c>.
    /// </summary>
    Metaspace,

    /// <summary>GPT-2 style: the GPT-4 / Qwen split regex, then bytes mapped to printable characters; 256-byte alphabet.</summary>
    ByteLevel,
}
