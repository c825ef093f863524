namespace SharpTune.Text.Templates;

public sealed partial record ChatTemplate
{
    /// <summary>
    /// The slots of every message, LLaMA-Factory's <c>Template._encode</c> before the id conversion. Messages
    /// alternate user-side (user / observation) and model-side (assistant / function), starting user-side.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<TemplateSlot>> FormatMessages(IReadOnlyList<ChatMessage> messages, string? system = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        string sys = string.IsNullOrEmpty(system) ? DefaultSystem : system;
        var formatted = new List<IReadOnlyList<TemplateSlot>>(messages.Count);
        for (int i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            bool promptSide = message.Role is ChatRole.User or ChatRole.Observation;
            if (promptSide != (i % 2 == 0))
            {
                throw new ArgumentException(
                    $"Message {i} has role {message.Role}, but messages must alternate user/observation (even positions) and assistant/function (odd positions).",
                    nameof(messages));
            }

            var elements = new List<TemplateSlot>();
            string content = message.Content;
            if (i == 0)
            {
                elements.AddRange(FormatPrefix.Apply());
                if (sys.Length > 0)
                {
                    if (FuseSystemIntoUser) content = FormatSystem.Apply(sys)[0].Value + content;
                    else elements.AddRange(FormatSystem.Apply(sys));
                }
            }

            elements.AddRange(message.Role switch
            {
                ChatRole.User => FormatUser.Apply(content, (i / 2).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ChatRole.Assistant => FormatAssistant.Apply(content),
                ChatRole.Observation => FormatObservation.Apply(content),
                _ => FormatFunction.Apply(content),
            });
            formatted.Add(elements);
        }

        return formatted;
    }

    /// <summary>The conversation as text (prompt, response) pairs; BOS / EOS slots become the given tokens (EOS after <c>replace_eos</c>).</summary>
    public IReadOnlyList<TextTurn> RenderMultiturn(IReadOnlyList<ChatMessage> messages, string? system = null, string? bosToken = null, string? eosToken = null)
    {
        string? eos = ResolveEosToken(eosToken);
        var texts = FormatMessages(messages, system)
            .Select(slots => string.Concat(slots.Select(s => s.Render(bosToken, eos))))
            .ToList();
        return Pair(texts, (p, r) => new TextTurn(p, r));
    }

    /// <summary>LLaMA-Factory's <c>encode_multiturn</c>: one (prompt ids, response ids) pair per turn.</summary>
    public IReadOnlyList<EncodedTurn> EncodeMultiturn(ITokenEncoder tokenizer, IReadOnlyList<ChatMessage> messages, string? system = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        int? eos = ResolveEosId(tokenizer);
        var encoded = FormatMessages(messages, system).Select(slots => ToIds(tokenizer, slots, eos)).ToList();
        return Pair(encoded, (p, r) => new EncodedTurn(p, r));
    }

    /// <summary>LLaMA-Factory's <c>encode_oneturn</c>: everything before the last message is the prompt.</summary>
    public EncodedTurn EncodeOneturn(ITokenEncoder tokenizer, IReadOnlyList<ChatMessage> messages, string? system = null)
    {
        var turns = EncodeMultiturn(tokenizer, messages, system);
        var prompt = new List<int>();
        for (int i = 0; i < turns.Count; i++)
        {
            prompt.AddRange(turns[i].PromptIds);
            if (i < turns.Count - 1) prompt.AddRange(turns[i].ResponseIds);
        }

        return new EncodedTurn(prompt, turns[^1].ResponseIds);
    }

    private IReadOnlyList<int> ToIds(ITokenEncoder tokenizer, IReadOnlyList<TemplateSlot> slots, int? eosId)
    {
        var ids = new List<int>();
        foreach (var slot in slots)
        {
            switch (slot.Kind)
            {
                case TemplateSlotKind.Text when slot.Value.Length > 0:
                    ids.AddRange(tokenizer.Encode(slot.Value));
                    break;
                case TemplateSlotKind.Token:
                    ids.Add(tokenizer.TokenToId(slot.Value)
                        ?? throw new InvalidOperationException($"Template '{Name}' needs token '{slot.Value}', which the tokenizer lacks."));
                    break;
                case TemplateSlotKind.Bos when tokenizer.BosId is int bos:
                    ids.Add(bos);
                    break;
                case TemplateSlotKind.Eos when eosId is int eos:
                    ids.Add(eos);
                    break;
            }
        }

        return ids;
    }

    private static List<T> Pair<TPart, T>(List<TPart> parts, Func<TPart, TPart, T> make)
    {
        if (parts.Count == 0 || parts.Count % 2 != 0)
        {
            throw new ArgumentException($"A conversation needs an even, non-zero number of messages (prompt, response, …); got {parts.Count}.");
        }

        var turns = new List<T>(parts.Count / 2);
        for (int i = 0; i < parts.Count; i += 2) turns.Add(make(parts[i], parts[i + 1]));
        return turns;
    }
}
