namespace SharpTune.Text.Tokenization.Training;

/// <summary>How a tokenizer.json BPE model spells its tokens (detected from its normalizer / pre-tokenizer / decoder).</summary>
internal enum VocabFlavor
{
    /// <summary>GPT-2 byte-level: tokens are bytes mapped to printable characters (Ġ = space).</summary>
    ByteLevel,

    /// <summary>SentencePiece-style: tokens are characters with ▁ for space, optional &lt;0xNN&gt; byte fallback.</summary>
    Metaspace,

    /// <summary>Neither: tokens are plain text.</summary>
    Other,
}
