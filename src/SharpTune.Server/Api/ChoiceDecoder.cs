using SharpTune.Core.Generation;
using SharpTune.Text.Tokenization;

namespace SharpTune.Server.Api;

/// <summary>One generated token's log-probability in OpenAI's terms (the token as text).</summary>
internal sealed record TokenLogprob(string Token, double Logprob, IReadOnlyList<(string token, double logprob)> Top);

/// <summary>What one choice adds: new text, the tokens' log-probabilities, and the finish reason at its end.</summary>
internal sealed record ChoicePiece(int Index, string Text, IReadOnlyList<TokenLogprob> Logprobs, string? FinishReason);

/// <summary>
/// Turns one row's tokens into text as they arrive: the whole answer is decoded again each time (so multi-token
/// characters come out whole, never a half character), text that may be the start of a stop string is held back,
/// and a stop string ends the choice with finish reason <c>stop</c> and is not part of the text (as OpenAI).
/// A text completion continues its prompt, so the last prompt tokens are decoded in front and their text cut off
/// again (vLLM's prefix offset): a SentencePiece word-start token keeps its space after the prompt.
/// </summary>
internal sealed class ChoiceDecoder(Tokenizer tokenizer, IReadOnlyList<string> stops, int index, IReadOnlyList<int> context)
{
    readonly List<int> _ids = [.. context];
    readonly string _context = tokenizer.Decode(context, skipSpecialTokens: true);
    string _shown = "";

    public int Index => index;
    public int Tokens { get; private set; }
    public string? FinishReason { get; private set; }
    public string Text => _shown;

    /// <summary>The piece this token adds (possibly empty text), with the finish reason when the choice ends here.</summary>
    public ChoicePiece Push(TokenEvent e)
    {
        Tokens++;
        var logprobs = e.Logprob is double lp
            ? new[] { new TokenLogprob(Piece(e.Id), lp, e.Top?.Select(t => (Piece(t.id), t.logprob)).ToList() ?? []) }
            : [];
        if (!e.IsStopToken) _ids.Add(e.Id);
        string text = Decoded();
        string? finish = e.FinishReason;
        int cut = stops.Count == 0 ? -1 : stops.Select(s => text.IndexOf(s, Math.Max(0, _shown.Length - s.Length), StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (cut >= 0)
        {
            text = text[..cut];
            finish = "stop";
        }
        string ready = finish is not null ? text : Holdback(text);
        string delta = ready.Length > _shown.Length ? ready[_shown.Length..] : "";
        _shown += delta;
        FinishReason = finish;
        return new ChoicePiece(index, delta, logprobs, finish);
    }

    /// <summary>The text that is safe to show: no trailing replacement character and no possible start of a stop string.</summary>
    string Holdback(string text)
    {
        int keep = text.Length;
        if (keep > 0 && text[keep - 1] == '\uFFFD') keep--;
        foreach (var s in stops)
            for (int n = Math.Min(s.Length - 1, keep); n > 0; n--)
                if (text.AsSpan(0, keep).EndsWith(s.AsSpan(0, n), StringComparison.Ordinal)) { keep -= n; break; }
        return text[..Math.Min(text.Length, Math.Max(keep, _shown.Length))];
    }

    string Decoded()
    {
        string all = tokenizer.Decode(_ids, skipSpecialTokens: true);
        if (context.Count == 0) return all;
        return all.StartsWith(_context, StringComparison.Ordinal) ? all[_context.Length..]
            : tokenizer.Decode(_ids.Skip(context.Count).ToList(), skipSpecialTokens: true);
    }

    string Piece(int id) => tokenizer.Decode([id]);
}
