using SharpTune.Text.Tokenization.Decoders;
using SharpTune.Text.Tokenization.Models;
using SharpTune.Text.Tokenization.Normalizers;
using SharpTune.Text.Tokenization.PostProcessors;
using SharpTune.Text.Tokenization.PreTokenizers;

namespace SharpTune.Text.Tokenization;

/// <summary>
/// A Hugging Face `tokenizer.json` tokenizer (BPE: byte-level or SentencePiece-style) that encodes and decodes
/// exactly like the Rust `tokenizers` library. Thread-safe: one instance may encode from many threads.
/// <code>
/// var tok = Tokenizer.Load("models/qwen3");          // folder with tokenizer.json (+ tokenizer_config.json)
/// var ids = tok.Encode("Hello world").Ids;
/// string text = tok.Decode(ids, skipSpecialTokens: true);
/// </code>
/// </summary>
public sealed partial class Tokenizer
{
    private readonly Normalizer? _normalizer;
    private readonly PreTokenizer? _preTokenizer;
    private readonly BpeModel _model;
    private readonly PostProcessor? _postProcessor;
    private readonly Decoder? _decoder;
    private readonly List<AddedToken> _addedTokens;
    private readonly Dictionary<string, AddedToken> _addedByContent;
    private readonly Dictionary<int, AddedToken> _addedById;
    private readonly AddedTokenMatcher _rawMatcher;
    private readonly AddedTokenMatcher _normalizedMatcher;
    private readonly bool _byteLevelInput;
    private readonly string? _truncationJson;
    private readonly string? _paddingJson;
    private readonly TokenizerConfig _config;

    private Tokenizer(Normalizer? normalizer, PreTokenizer? preTokenizer, BpeModel model, PostProcessor? postProcessor,
        Decoder? decoder, IEnumerable<AddedToken> addedTokens, TokenizerConfig config, string? truncationJson = null, string? paddingJson = null)
    {
        _normalizer = normalizer;
        _preTokenizer = preTokenizer;
        _model = model;
        _decoder = decoder;
        _config = config;
        _truncationJson = truncationJson;
        _paddingJson = paddingJson;
        _addedTokens = AssignAddedIds(addedTokens, model);
        _addedByContent = new Dictionary<string, AddedToken>(StringComparer.Ordinal);
        _addedById = [];
        foreach (var t in _addedTokens)
        {
            _addedByContent[t.Content] = t;
            _addedById[t.Id] = t;
        }
        _rawMatcher = new AddedTokenMatcher(_addedTokens.Where(t => !t.Normalized).Select(t => (t.Content, t)));
        _normalizedMatcher = new AddedTokenMatcher(_addedTokens.Where(t => t.Normalized)
            .Select(t => (normalizer?.Normalize(t.Content) ?? t.Content, t)));
        if (preTokenizer is not null && preTokenizer.EndsWithByteLevel)
        {
            var last = preTokenizer;
            while (last is SequencePreTokenizer seq) last = seq.Steps[^1];
            ((ByteLevelPreTokenizer)last).DeferMapping = true;
            _byteLevelInput = true;
        }
        _postProcessor = ResolvePostProcessor(postProcessor);
        VocabSize = _model.Vocab.Keys.Union(_addedTokens.Select(t => t.Content), StringComparer.Ordinal).Count();
    }

    /// <summary>Number of distinct tokens, added tokens included (Rust `get_vocab_size(true)`).</summary>
    public int VocabSize { get; }

    /// <summary>Tokens matched before the model (special tokens and user-added tokens), in id order of the file.</summary>
    public IReadOnlyList<AddedToken> AddedTokens => _addedTokens;

    /// <summary>Id of tokenizer_config.json's bos_token, if any.</summary>
    public int? BosId => _config.BosToken is { } t ? TokenToId(t) : null;

    /// <summary>Id of tokenizer_config.json's eos_token, if any.</summary>
    public int? EosId => _config.EosToken is { } t ? TokenToId(t) : null;

    /// <summary>Id of tokenizer_config.json's pad_token, if any.</summary>
    public int? PadId => _config.PadToken is { } t ? TokenToId(t) : null;

    /// <summary>Id of the unknown token (tokenizer_config.json's unk_token, else the model's), if any.</summary>
    public int? UnkId => (_config.UnkToken ?? _model.Options.UnkToken) is { } t ? TokenToId(t) : null;

    /// <summary>tokenizer_config.json's clean_up_tokenization_spaces (default false): the default for <see cref="Decode"/>.</summary>
    public bool CleanUpTokenizationSpaces => _config.CleanUpTokenizationSpaces;

    /// <summary>Id of a token string (added tokens first, then the model vocabulary).</summary>
    public int? TokenToId(string token) =>
        _addedByContent.TryGetValue(token, out var t) ? t.Id : _model.TokenToId(token);

    /// <summary>Token string of an id (added tokens first, then the model vocabulary).</summary>
    public string? IdToToken(int id) =>
        _addedById.TryGetValue(id, out var t) ? t.Content : _model.IdToToken(id);

    /// <summary>True for ids of added tokens marked special (removed by skipSpecialTokens).</summary>
    public bool IsSpecial(int id) => _addedById.TryGetValue(id, out var t) && t.Special;

    /// <summary>
    /// Ids as Rust's `AddedVocabulary::add_tokens` assigns them when loading: a token already in the model keeps
    /// the model's id; any other gets the next id from the model's vocabulary size (the file's id is only a hint).
    /// </summary>
    private static List<AddedToken> AssignAddedIds(IEnumerable<AddedToken> tokens, BpeModel model)
    {
        var byContent = new Dictionary<string, int>(StringComparer.Ordinal);
        var byId = new SortedDictionary<int, AddedToken>();
        int nextId = model.VocabSize;
        foreach (var token in tokens)
        {
            if (token.Content.Length == 0) continue;
            if (byContent.TryGetValue(token.Content, out int existing) && byId[existing] == token with { Id = existing }) continue;
            int id = byContent.TryGetValue(token.Content, out existing) ? existing : model.TokenToId(token.Content) ?? nextId++;
            byContent[token.Content] = id;
            byId[id] = token with { Id = id };
        }
        return byId.Values.ToList();
    }

    private PostProcessor? ResolvePostProcessor(PostProcessor? fromFile)
    {
        bool llamaStyle = _config.TokenizerClass is { } c && (c.StartsWith("Llama", StringComparison.Ordinal) || c.StartsWith("Gemma", StringComparison.Ordinal));
        bool flagsGiven = _config.AddBosToken is not null || _config.AddEosToken is not null;
        if (!flagsGiven || (fromFile is not null && !llamaStyle)) return fromFile;
        // transformers' LlamaTokenizerFast.update_post_processor: the flags decide the template.
        (string, int)? Special(bool? on, string? token) =>
            on == true && token is not null && TokenToId(token) is int id ? (token, id) : null;
        return PostProcessor.Template(Special(_config.AddBosToken, _config.BosToken), Special(_config.AddEosToken, _config.EosToken));
    }
}
