using SharpTune.Core.Configuration;
using SharpTune.Core.Data;
using SharpTune.Text.Templates;
using SharpTune.Text.Tokenization;

namespace SharpTune.Core.Generation;

/// <summary>
/// A multi-turn conversation with a model, as LLaMA-Factory's chat: the history plus the new message is encoded
/// with the template (an empty assistant turn closes the prompt), and the reply streams out as text.
/// </summary>
public sealed class ChatSession : IDisposable
{
    readonly ModelSession _model;
    readonly Tokenizer _tokenizer;
    readonly ChatTemplate _template;
    readonly GeneratingArguments _generating;
    readonly string? _system;
    readonly List<ChatMessage> _history = [];

    public ChatSession(ModelArguments model, GeneratingArguments generating, string? system = null)
    {
        string dir = model.ModelNameOrPath ?? throw new ArgumentException("model_name_or_path is required");
        _tokenizer = DataPipeline.LoadTokenizer(dir);
        _template = DataPipeline.ResolveTemplate(model.Template, dir);
        _model = ModelSession.Load(model);
        _generating = generating;
        _system = system;
    }

    public IReadOnlyList<ChatMessage> History => _history;

    public void Clear() => _history.Clear();

    /// <summary>Answers <paramref name="user"/>; <paramref name="onText"/> receives each new piece of text as it is decoded.</summary>
    public string Reply(string user, Action<string>? onText = null)
    {
        var messages = _history.Append(ChatMessage.User(user)).Append(ChatMessage.Assistant("")).ToList();
        var prompt = _template.EncodeOneturn(_tokenizer, messages, _system).PromptIds.Select(i => (long)i).ToArray();
        var eos = _template.GetStopTokenIds(_tokenizer).Select(i => (long)i).ToList();
        var generated = new List<int>();
        string shown = "";
        TextGenerator.Generate(_model, [prompt], _generating.ToOptions(eos, _tokenizer.PadId ?? 0), (_, next) =>
        {
            if (eos.Contains(next[0])) return;
            generated.Add((int)next[0]);
            string text = _tokenizer.Decode(generated, skipSpecialTokens: true);
            if (text.Length > shown.Length && !text.EndsWith('\uFFFD'))
            {
                onText?.Invoke(text[shown.Length..]);
                shown = text;
            }
        });
        string reply = _tokenizer.Decode(generated, skipSpecialTokens: true);
        if (reply.Length > shown.Length) onText?.Invoke(reply[shown.Length..]);
        _history.Add(ChatMessage.User(user));
        _history.Add(ChatMessage.Assistant(reply));
        return reply;
    }

    public void Dispose() => _model.Dispose();
}
