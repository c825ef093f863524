namespace SharpTune.Text.Templates;

/// <summary>What a <see cref="TemplateSlot"/> stands for (LLaMA-Factory's str / {"bos_token"} / {"eos_token"} / {"token": …}).</summary>
public enum TemplateSlotKind
{
    /// <summary>Literal text, encoded with the tokenizer (no special tokens added).</summary>
    Text,

    /// <summary>The tokenizer's BOS token id (nothing when the tokenizer has none).</summary>
    Bos,

    /// <summary>The tokenizer's EOS token id (after <c>replace_eos</c>, the template's first stop word).</summary>
    Eos,

    /// <summary>One named token, converted with the vocabulary (never split).</summary>
    Token,
}
