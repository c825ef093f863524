namespace SharpTune.Text.Templates;

/// <summary>
/// A list of slots with placeholders, like LLaMA-Factory's StringFormatter / EmptyFormatter: <see cref="Apply"/>
/// replaces the first <c>{{content}}</c> (and <c>{{idx}}</c>) in every text slot.
/// </summary>
public sealed class SlotFormatter
{
    private readonly TemplateSlot[] _slots;

    /// <summary>Creates a formatter from slots (text slots may hold placeholders).</summary>
    public SlotFormatter(params TemplateSlot[] slots) => _slots = slots;

    /// <summary>A formatter of one text slot.</summary>
    public static SlotFormatter Of(string text) => new(TemplateSlot.Text(text));

    /// <summary>The slots as declared (placeholders unreplaced).</summary>
    public IReadOnlyList<TemplateSlot> Slots => _slots;

    /// <summary>The slots with <c>{{content}}</c> and <c>{{idx}}</c> replaced (first occurrence per slot, as Python's replace(…, 1)).</summary>
    public IReadOnlyList<TemplateSlot> Apply(string content = "", string idx = "0")
    {
        var result = new TemplateSlot[_slots.Length];
        for (int i = 0; i < _slots.Length; i++)
        {
            var slot = _slots[i];
            result[i] = slot.Kind == TemplateSlotKind.Text
                ? TemplateSlot.Text(ReplaceFirst(ReplaceFirst(slot.Value, "{{content}}", content), "{{idx}}", idx))
                : slot;
        }

        return result;
    }

    private static string ReplaceFirst(string text, string placeholder, string value)
    {
        int at = text.IndexOf(placeholder, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), value, text.AsSpan(at + placeholder.Length));
    }
}
