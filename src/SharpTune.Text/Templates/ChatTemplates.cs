using System.Collections.Frozen;

namespace SharpTune.Text.Templates;

/// <summary>
/// The registry of chat templates under LLaMA-Factory's names. (Named <c>ChatTemplates</c>, not <c>Templates</c>,
/// so the type does not collide with its own namespace.)
/// </summary>
public static partial class ChatTemplates
{
    private static readonly FrozenDictionary<string, ChatTemplate> All = Definitions().ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Every registered template name, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The template with this name; an unknown name is an error that lists every valid one.</summary>
    public static ChatTemplate Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (All.TryGetValue(name, out var template)) return template;
        throw new ArgumentException($"Unknown template '{name}'. Valid templates: {string.Join(", ", Names)}.", nameof(name));
    }

    /// <summary>True and the template when the name is registered.</summary>
    public static bool TryGet(string name, out ChatTemplate? template) => All.TryGetValue(name, out template);

    /// <summary>A formatter from parts: strings are text slots, <see cref="TemplateSlot"/>s are kept.</summary>
    private static SlotFormatter F(params object[] parts) =>
        new([.. parts.Select(p => p as TemplateSlot ?? TemplateSlot.Text((string)p))]);

    /// <summary>LLaMA-Factory's <c>register_template</c> defaults applied to the given formatters.</summary>
    private static ChatTemplate Register(
        string name,
        SlotFormatter? user = null,
        SlotFormatter? assistant = null,
        SlotFormatter? system = null,
        SlotFormatter? observation = null,
        SlotFormatter? prefix = null,
        string defaultSystem = "",
        string[]? stopWords = null,
        bool efficientEos = false,
        bool replaceEos = false,
        bool fuseSystem = false)
    {
        var defaultSlots = efficientEos ? F("{{content}}") : F("{{content}}", TemplateSlot.Eos);
        var defaultUser = F("{{content}}");
        return new ChatTemplate
        {
            Name = name,
            FormatUser = user ?? defaultUser,
            FormatAssistant = assistant ?? defaultSlots,
            FormatSystem = system ?? defaultUser,
            FormatFunction = assistant ?? defaultSlots,
            FormatObservation = observation ?? user ?? defaultUser,
            FormatPrefix = prefix ?? new SlotFormatter(),
            DefaultSystem = defaultSystem,
            StopWords = stopWords ?? [],
            EfficientEos = efficientEos,
            ReplaceEos = replaceEos,
            FuseSystemIntoUser = fuseSystem,
        };
    }
}
