using SharpTune.Core.Data;
using SharpTune.Core.Generation;
using SharpTune.Core.Native;
using SharpTune.Core.Peft.Lora;
using SharpTune.Text.Templates;
using SharpTune.Text.Tokenization;

namespace SharpTune.Server.Api;

/// <summary>
/// The loaded base model with its adapters, tokenizer, chat template and the one continuous batcher that decodes
/// for every request. A served model name is the base's name or an adapter's; it maps to a row adapter index.
/// </summary>
public sealed class ModelHost : IDisposable
{
    readonly MultiLoraModel _model;

    public string BaseName { get; }
    public IReadOnlyList<string> AdapterNames => _model.AdapterNames;
    public Tokenizer Tokenizer { get; }
    /// <summary>The chat template, or null when none was given or inferable (then only /v1/completions works).</summary>
    public ChatTemplate? Template { get; }
    public string? TemplateProblem { get; }
    public ContinuousBatcher Batcher { get; }
    /// <summary>Prompt plus generated tokens at most (max_position_embeddings).</summary>
    public int ContextLength => _model.config.MaxPositionEmbeddings;
    public int VocabSize => _model.config.VocabSize;
    /// <summary>Ids that end a text completion: the model's and the tokenizer's EOS.</summary>
    public IReadOnlyList<long> EosIds { get; }
    /// <summary>Ids that end a chat turn: the template's stop ids.</summary>
    public IReadOnlyList<long> ChatStopIds { get; }
    public DateTimeOffset Loaded { get; } = DateTimeOffset.UtcNow;

    public ModelHost(ApiOptions o)
    {
        string dir = o.ModelNameOrPath;
        Tokenizer = DataPipeline.LoadTokenizer(dir);
        try { Template = DataPipeline.ResolveTemplate(o.Template, dir); }
        catch (ArgumentException e) when (o.Template is null) { TemplateProblem = e.Message; }
        var names = new HashSet<string>(StringComparer.Ordinal);
        BaseName = o.BaseServedName;
        names.Add(BaseName);
        foreach (var (name, _) in o.Adapters)
            if (!names.Add(name)) throw new ArgumentException($"--adapters: the name '{name}' is used twice (names must differ from each other and from the base '{BaseName}')");
        _model = MultiLoraModel.Load(dir, o.Adapters, o.Dtype is null ? null : TorchDevice.ParseDType(o.Dtype));
        EosIds = _model.config.EosTokenIds.Select(i => (long)i).Concat(Tokenizer.EosId is int eos ? [(long)eos] : []).Distinct().ToList();
        ChatStopIds = Template?.GetStopTokenIds(Tokenizer).Select(i => (long)i).ToList() ?? [];
        Batcher = new ContinuousBatcher(_model, _model.Routing, o.Batching);
    }

    /// <summary>The row adapter index for a served model name (−1 = the base), or null when nothing has that name.</summary>
    public int? AdapterOf(string name) => name == BaseName ? -1 : _model.IndexOf(name);

    public void Dispose()
    {
        Batcher.Dispose();
        _model.Dispose();
    }
}
