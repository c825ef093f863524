namespace SharpTune.Text.Templates;

/// <summary>One element of a formatted message: literal text or a structural token.</summary>
/// <param name="Kind">What the slot stands for.</param>
/// <param name="Value">The text (for <see cref="TemplateSlotKind.Text"/>) or token (for <see cref="TemplateSlotKind.Token"/>); empty otherwise.</param>
public sealed record TemplateSlot(TemplateSlotKind Kind, string Value)
{
    /// <summary>The BOS slot.</summary>
    public static TemplateSlot Bos { get; } = new(TemplateSlotKind.Bos, "");

    /// <summary>The EOS slot.</summary>
    public static TemplateSlot Eos { get; } = new(TemplateSlotKind.Eos, "");

    /// <summary>A literal text slot (may contain <c>{{content}}</c> / <c>{{idx}}</c> placeholders).</summary>
    public static TemplateSlot Text(string value) => new(TemplateSlotKind.Text, value);

    /// <summary>A named-token slot, e.g. <c>[gMASK]</c>.</summary>
    public static TemplateSlot Token(string token) => new(TemplateSlotKind.Token, token);

    /// <summary>Text slots as written, structural slots as the given token strings (BOS / EOS may be null: then nothing).</summary>
    public string Render(string? bosToken, string? eosToken) => Kind switch
    {
        TemplateSlotKind.Text or TemplateSlotKind.Token => Value,
        TemplateSlotKind.Bos => bosToken ?? "",
        _ => eosToken ?? "",
    };
}
