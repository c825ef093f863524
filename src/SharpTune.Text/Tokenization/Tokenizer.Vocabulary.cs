namespace SharpTune.Text.Tokenization;

/// <summary>Vocabulary access and adding tokens.</summary>
public sealed partial class Tokenizer
{
    /// <summary>Every token string and its id, added tokens included (Rust `get_vocab(true)`).</summary>
    public IReadOnlyDictionary<string, int> GetVocab()
    {
        var vocab = new Dictionary<string, int>(_model.Vocab, StringComparer.Ordinal);
        foreach (var t in _addedTokens) vocab[t.Content] = t.Id;
        return vocab;
    }

    /// <summary>
    /// A copy of this tokenizer with more added tokens, with ids assigned like Rust `add_tokens`: a token already in
    /// the vocabulary keeps its id, a new one gets the next free id (the <see cref="AddedToken.Id"/> passed in is ignored).
    /// </summary>
    public Tokenizer WithAddedTokens(IEnumerable<AddedToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        int next = Math.Max(_model.VocabSize, _addedTokens.Count == 0 ? 0 : _addedTokens.Max(t => t.Id) + 1);
        var combined = _addedTokens.ToList();
        foreach (var t in tokens)
        {
            if (t.Content.Length == 0) continue;
            int id = TokenToId(t.Content) ?? combined.FirstOrDefault(c => c.Content == t.Content)?.Id ?? next++;
            combined.RemoveAll(c => c.Content == t.Content);
            combined.Add(t with { Id = id });
        }
        return new Tokenizer(_normalizer, _preTokenizer, _model, _postProcessor, _decoder, combined, _config, _truncationJson, _paddingJson);
    }
}
